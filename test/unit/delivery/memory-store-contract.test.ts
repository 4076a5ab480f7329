import { MemoryStore } from "../../../shared/store/memory-store.ts";
import { storeContract } from "../../integration/lambda/store-contract.ts";

storeContract("MemoryStore", async () => new MemoryStore());
