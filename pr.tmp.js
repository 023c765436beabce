const c=()=>{const u=process.threadCpuUsage?process.threadCpuUsage():process.cpuUsage();return (u.user+u.system)/1000;};
const h=()=>process.hrtime.bigint();
const T=[];const t0=h(); const mark=(k)=>T.push([k,Number(h()-t0)/1e6,c()]);
mark("start");
require("module").enableCompileCache?.();
require("./scripts/build").ensureFresh(); mark("ensureFresh");
require("./scripts/defer-closure-modules").deferClosureModules(); mark("defer");
const cli=require("./dist/tools/cli"); mark("cli module");
const rp=require("./dist/tools/report/run-preview-report"); mark("report modules");
const rd=require("./dist/tools/preview/read-preview");
const fs=require("fs"); const text=fs.readFileSync("/tmp/pv.json","utf8"); mark("read");
const pv=rd.parsePreviewText(text,"x"); mark("parse+normalise");
const {buildStackReport}=require("./dist/tools/report/stack-report"); const rep=buildStackReport("perf","x",pv); mark("stack report");
const {renderPreviewMarkdown}=require("./dist/tools/report/preview-markdown"); const md=renderPreviewMarkdown([rep],149000); mark("render");
fs.writeFileSync("/tmp/r2.md",md); mark("write");
let p=0,pc=0; for(const [k,w,cc] of T){console.log(k.padEnd(18),(w-p).toFixed(1).padStart(7),(cc-pc).toFixed(1).padStart(7)); p=w; pc=cc;}
