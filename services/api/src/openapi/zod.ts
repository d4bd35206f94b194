// zod with `.openapi()` added. Schema modules import z from here so the
// extension is in place whatever order modules load in.
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export { z };
