// Boot: read the page's data, set the language, mount the page named by the server.
import { readBoot, setTexts, type Boot } from "./boot";
import { enableDebug } from "./debug";
import { mount as fly } from "../pages/fly";
import { mount as replay } from "../pages/replay";
import { mount as calibrate } from "../pages/calibrate";
import { mount as latency } from "../pages/latency";

/** A page puts itself into `root` and returns the function that takes it down again. */
export type Mount = (root: HTMLElement, boot: Boot) => () => void;

const PAGES: Record<string, Mount> = { fly, replay, calibrate, latency };

const boot = readBoot();
setTexts(boot.lang, boot.messages);
enableDebug(boot.test);
const root = document.getElementById("app");
const page = PAGES[boot.page];
if (!root || !page) throw new Error(`no page ${boot.page} or no #app element`);
const unmount = page(root, boot);
window.addEventListener("pagehide", () => unmount(), { once: true });
