// Renders the benchmark's document with docxtemplater or Carbone, as each is normally used
// for one document at a time: the template read and unpacked, rendered, packed again.
//
//   node render.js docxtemplater|carbone TEMPLATE DATA.json COUNT OUT.docx
//
// Prints one line of JSON: milliseconds of the first render (module set-up included), the
// medians of the next COUNT renders' wall and CPU time (the process's own, user and
// system), and the size of the document in OUT.docx.
"use strict";

const fs = require("fs");

function engine(name) {
  if (name === "docxtemplater") {
    const PizZip = require("pizzip");
    const Docxtemplater = require("docxtemplater");
    return async (template, data) => {
      const doc = new Docxtemplater(new PizZip(fs.readFileSync(template)), {
        paragraphLoop: true,
        linebreaks: true,
      });
      doc.render(data);
      return doc.getZip().generate({ type: "nodebuffer", compression: "DEFLATE" });
    };
  }
  if (name === "carbone") {
    const carbone = require("carbone");
    return (template, data) =>
      new Promise((resolve, reject) =>
        carbone.render(template, data, {}, (err, result) => (err ? reject(err) : resolve(result))),
      );
  }
  throw new Error(`unknown engine ${name}`);
}

async function main() {
  const [name, template, dataFile, count, out] = process.argv.slice(2);
  const data = JSON.parse(fs.readFileSync(dataFile, "utf8"));
  let start = process.hrtime.bigint();
  const render = engine(name);
  let document = await render(template, data);
  const first = Number(process.hrtime.bigint() - start) / 1e6;
  fs.writeFileSync(out, document);
  const times = [];
  const cpu = [];
  for (let i = 0; i < Number(count); i += 1) {
    start = process.hrtime.bigint();
    const used = process.cpuUsage();
    document = await render(template, data);
    const spent = process.cpuUsage(used);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    cpu.push((spent.user + spent.system) / 1000);
  }
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  console.log(JSON.stringify({
    first_ms: first, median_ms: median(times), cpu_ms: median(cpu), bytes: document.length,
  }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
