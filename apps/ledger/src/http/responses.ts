import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

// Each read model's response shapes live in its own folder (partners/, scorecards/, history/, projection-status/).
export class ApiKeysResponse extends createZodDto(z.object({ items: z.array(z.object({ name: z.string(), roles: z.array(z.string()) })) })) {}
