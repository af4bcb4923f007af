/**
 * `pyralog explain --db DIR --lang L (TEXT | --file F)`: prints the logical
 * plan, the trace of the rewrite rules that fired, the optimized plan, and
 * the physical plan with access paths, join strategies and row estimates.
 */
import type { Command } from '../command.js';
import { QUERY_OPTIONS, openExistingDatabase, readQueryInput } from '../query-input.js';

const explainCommand: Command = {
  name: 'explain',
  summary: 'Show how a query is planned: logical plan, rule trace, optimized and physical plans.',
  usage: 'pyralog explain --db DIR [--lang prql] [--trace] (TEXT | --file F) [--param NAME=VALUE]…',
  help: `options:
  --db DIR          database directory (must exist)
  --lang L          query language (default prql)
  --file F, -f F    read the query from file F
  --param NAME=V    a query parameter, as for \`pyralog query\`
  --trace           also print each rule's rewrite (before => after)

example:
  pyralog explain --db ./music 'from invoices | filter invoice_id == 5'`,
  options: { ...QUERY_OPTIONS, trace: { type: 'boolean' } },
  positionals: true,
  async run(args, context) {
    const input = readQueryInput(args, explainCommand, context);
    const db = openExistingDatabase(input.db);
    try {
      const explained = db.explain(input.lang, input.text, input.params);
      context.stdout.write(`${explained.text}\n`);
      if (args.values['trace'] === true) {
        explained.trace.forEach((step, i) => {
          context.stdout.write(`\n-- ${i + 1}. ${step.rule}\n${step.before}\n   =>\n${step.after}\n`);
        });
      }
      return 0;
    } finally {
      db.close();
    }
  },
};

export default explainCommand;
