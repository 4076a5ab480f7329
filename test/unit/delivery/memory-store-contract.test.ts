import { MemoryStore } from "../../../shared/dedup/memory-store.ts";
import { storeContract } from "../../integration/lambda/store-contract.ts";

storeContract("MemoryStore", async () => new MemoryStore());
