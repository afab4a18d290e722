// `npm run openapi`: writes docs/openapi.yaml from the server's routes (packages/server/src/openapi/).
import { writeFile } from 'node:fs/promises';
import { generateOpenApi } from '../packages/server/src/openapi/generate.js';

const target = new URL('../docs/openapi.yaml', import.meta.url);
const { yaml } = await generateOpenApi();
await writeFile(target, yaml);
console.log(`openapi: wrote docs/openapi.yaml (${yaml.length} characters)`);
