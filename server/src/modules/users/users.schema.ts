import { orgCodeSchema, roleSchema } from '@karpear/contracts';
import { z } from 'zod';

/** Input of `karpear user add` (and later the admin screen): validated before anything is written. */
export const addUserInputSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ message: 'is not an e-mail address' })),
  name: z.string().trim().min(1, 'is required').max(200),
  roles: z.array(roleSchema).min(1, 'needs at least one role'),
  agency: orgCodeSchema,
  unit: orgCodeSchema.optional(),
});
export type AddUserInput = z.infer<typeof addUserInputSchema>;
