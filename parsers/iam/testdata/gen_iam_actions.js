// Generates policies/lib/iam_actions.rego from iam-floyd (npm), whose
// lib/generated/policy-statements/*.js carry the AWS Service Authorization
// Reference access level of every action. Usage:
//   npm pack iam-floyd && tar xzf iam-floyd-*.tgz
//   node gen_iam_actions.js package/lib/generated/policy-statements SERVICES > levels.json
//   node gen_iam_actions.js --rego levels.json policies/lib/iam_actions.rego
// SERVICES: the comma-separated prefixes listed in iam_actions.rego.
if (process.argv[2] !== "--rego") {
  // Reads iam-floyd's generated policy statements (its copy of the AWS Service
  // Authorization Reference) and writes the access levels of the non-read
  // actions of the listed service prefixes.
  const fs = require("fs");
  const dir = process.argv[2];
  const wanted = new Set(process.argv[3].split(","));
  const rank = {"Permissions management": "permissions", "Write": "write", "Tagging": "tagging"};
  const order = ["permissions", "tagging", "write"];
  const out = {};
  for (const f of fs.readdirSync(dir).filter(f => f.endsWith(".js")).sort()) {
    const text = fs.readFileSync(`${dir}/${f}`, "utf8");
    const m = /this\.servicePrefix = '([^']+)'/.exec(text);
    if (!m || !wanted.has(m[1])) continue;
    const body = /this\.accessLevelList = (\{[\s\S]*?\n        \});/.exec(text)[1];
    const list = Function(`return ${body}`)();
    const levels = out[m[1]] = out[m[1]] || {};
    for (const [level, acts] of Object.entries(list)) {
      const l = rank[level];
      if (!l) continue;
      for (const a of acts) {
        const k = a.toLowerCase();
        if (!levels[k] || order.indexOf(l) < order.indexOf(levels[k])) levels[k] = l;
      }
    }
  }
  const missing = [...wanted].filter(w => !out[w]);
  if (missing.length) { console.error("missing", missing); process.exit(1); }
  process.stdout.write(JSON.stringify(out));
} else {
  const levels = JSON.parse(require("fs").readFileSync(process.argv[3], "utf8"));
  const lines = [];
  lines.push(`# METADATA
  # description: |
  #   Access levels of the AWS actions that are not read-only, per service prefix
  #   (lower-cased action name → "permissions" for Permissions management,
  #   "write" for Write, "tagging" for Tagging), for the services listed below.
  #   Generated from the AWS Service Authorization Reference as packaged by
  #   iam-floyd 0.842.0 (lib/generated/policy-statements/*.js, accessLevelList);
  #   iam-floyd lists Tagging actions under Write too: they are "tagging". Every action of a
  #   listed service that is absent here is Read or List.
  #   Regenerate rather than edit: see the header of policies/lib/iam.rego.
  package nhilint.lib.iam_actions
  `);
  lines.push("# METADATA");
  lines.push("# description: Service prefix → lower-cased action → access level.");
  lines.push("levels := {");
  const svcs = Object.keys(levels).sort();
  for (const s of svcs) {
    lines.push(`\t${JSON.stringify(s)}: {`);
    for (const a of Object.keys(levels[s]).sort()) lines.push(`\t\t${JSON.stringify(a)}: ${JSON.stringify(levels[s][a])},`);
    lines.push("\t},");
  }
  lines.push("}");
  require("fs").writeFileSync(process.argv[4], lines.join("\n") + "\n");
}
