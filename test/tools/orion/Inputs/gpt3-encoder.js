// Prints the GPT-2 token ids of each line of stdin, one line of ids per input
// line, with the npm package gpt-3-encoder (the reference ids of
// tokenize.test, see gpt3-encoder-ids.sh). NODE_PATH must name the
// node_modules holding it.
const { encode } = require('gpt-3-encoder');
const text = require('fs').readFileSync(0, 'utf-8');
const lines = text.split('\n');
if (lines.length && lines[lines.length - 1] === '') lines.pop();
for (const line of lines) console.log(encode(line).join(' '));
