// The report's only stylesheet (inline; the page's CSP allows exactly this text by hash).
export const REPORT_CSS = `
:root{--bg:#f5f6f8;--card:#fff;--ink:#1b1f24;--muted:#5b6470;--line:#e3e6ea;--critical:#b42318;--high:#d9480f;--medium:#b7791f;--low:#2f6fbf;--info:#6b7280;--ok:#2f9e44;--behind:#e8a317;--risk:#d6336c;--na:#adb5bd}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1240px;margin:0 auto;padding:28px 24px 48px}
header h1{margin:0;font-size:24px;letter-spacing:-.01em}
header p{margin:4px 0 0;color:var(--muted)}
h2{font-size:17px;margin:0 0 12px}
h3{font-size:15px;margin:0}
section{margin-top:22px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 18px;box-shadow:0 1px 2px rgba(16,24,40,.04)}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:12px;margin-top:20px}
.kpi .n{font-size:28px;font-weight:650;line-height:1.1}
.kpi .l{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.kpi .s{color:var(--muted);font-size:13px}
.kpi.alert .n{color:var(--critical)}
.kpi.good .n{color:var(--ok)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(470px,1fr));gap:12px}
.chart{max-width:100%;height:auto;display:block}
.chart-label{font-size:12px;fill:var(--ink)}
.chart-count{font-size:12px;font-weight:600;fill:var(--muted)}
.chart-track{fill:#f0f2f5}
.bar-critical{fill:var(--critical)}.bar-high{fill:var(--high)}.bar-medium{fill:var(--medium)}.bar-low{fill:var(--low)}.bar-info{fill:var(--info)}
.bar-ok{fill:var(--ok)}.bar-behind{fill:var(--behind)}.bar-at-risk{fill:var(--risk)}.bar-not-an-addon{fill:var(--na)}
.legend{display:flex;flex-wrap:wrap;gap:14px;margin-top:8px;color:var(--muted);font-size:12px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.legend .ok{background:var(--ok)}.legend .behind{background:var(--behind)}.legend .at-risk{background:var(--risk)}.legend .not-an-addon{background:var(--na)}
table{width:100%;border-collapse:collapse;font-size:13px}
th{text-align:left;font-weight:600;color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.03em;border-bottom:1px solid var(--line);padding:8px 10px;white-space:nowrap}
td{border-bottom:1px solid var(--line);padding:8px 10px;vertical-align:top}
tr:last-child td{border-bottom:0}
.table-wrap{overflow-x:auto}
.name{font-weight:600;overflow-wrap:anywhere;min-width:9em}
.sub{color:var(--muted);font-size:12px}
.nw{white-space:nowrap}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
code{background:#f0f2f5;border-radius:4px;padding:1px 4px;overflow-wrap:anywhere}
code.ver{white-space:nowrap;overflow-wrap:normal}
h2.minor{font-size:13px;color:var(--muted);margin:16px 0 4px;text-transform:uppercase;letter-spacing:.04em}
table.compact td{padding:4px 10px}
td.num{text-align:right;font-weight:600;width:3em}
pre{background:#101828;color:#e6edf3;border-radius:8px;padding:10px 12px;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
pre code{background:none;padding:0;color:inherit}
.pill{display:inline-block;border-radius:999px;padding:1px 9px;font-size:11px;font-weight:650;text-transform:uppercase;letter-spacing:.04em;color:#fff;white-space:nowrap}
.pill.critical{background:var(--critical)}.pill.high{background:var(--high)}.pill.medium{background:var(--medium)}.pill.low{background:var(--low)}.pill.info{background:var(--info)}
.pill.none{background:#e9ecef;color:var(--muted)}
.pill.new{background:#7048e8}.pill.resolved{background:var(--ok)}.pill.unverified{background:var(--na)}
.off{color:var(--critical);font-weight:600}
.cluster{margin-top:10px}
.cluster-head{display:flex;justify-content:space-between;align-items:baseline;gap:12px;flex-wrap:wrap;margin-bottom:8px}
details{border-top:1px solid var(--line);padding:8px 0}
details:first-of-type{border-top:0}
summary{cursor:pointer;display:flex;gap:10px;align-items:baseline;list-style:none}
summary::-webkit-details-marker{display:none}
summary::before{content:"▸";color:var(--muted);font-size:11px}
details[open] summary::before{content:"▾"}
.finding-body{padding:6px 0 4px 20px;max-width:980px}
.finding-body p{margin:6px 0}
.rule{color:var(--muted);font-size:12px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:nowrap}
.refs{font-size:12px;color:var(--muted)}
.refs a{color:var(--low)}
.changes ul{margin:6px 0 0;padding-left:0;list-style:none}
.changes li{padding:4px 0}
.empty{color:var(--muted)}
footer{margin-top:28px;color:var(--muted);font-size:12px}
.controls{position:sticky;top:0;z-index:3;display:flex;flex-wrap:wrap;gap:8px 14px;align-items:center;margin-bottom:10px;padding:10px 14px}
.controls[hidden]{display:none}
.controls label{font-size:12px;color:var(--muted);display:flex;gap:6px;align-items:center}
.controls .search{flex:1 1 260px}
.controls input,.controls select,.controls button{font:inherit;font-size:13px;border:1px solid var(--line);border-radius:6px;padding:4px 8px;background:#fff;color:var(--ink)}
.controls input{flex:1;min-width:160px}
.controls button{cursor:pointer}
.controls button:hover,th button:hover{border-color:var(--muted)}
.table-wrap.tall{max-height:70vh;overflow:auto;padding-top:0}
.tall thead th{position:sticky;top:0;background:var(--card);z-index:1}
th button{all:unset;cursor:pointer;border-bottom:1px dashed transparent}
th button::after{content:" ↕";color:var(--line)}
th[aria-sort=ascending] button::after{content:" ↑";color:var(--ink)}
th[aria-sort=descending] button::after{content:" ↓";color:var(--ink)}
td a{color:inherit;text-decoration:none;border-bottom:1px dotted var(--muted)}
[hidden]{display:none!important}
details.cluster{border-top:1px solid var(--line);padding:10px 18px}
details.cluster>summary{justify-content:flex-start;flex-wrap:wrap;margin:0}
details.cluster[open]>summary{margin-bottom:8px}
details.cluster>details{margin-left:4px}
`;
