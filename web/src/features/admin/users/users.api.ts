import type { Role, UserAdminView, UserStatus } from '@karpear/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, queryString } from '../../../api/client';

/** User administration (`/api/v1/users`); shapes from contracts/src/users.ts (types only). */
export type AdminUser = UserAdminView;

export interface UserPage {
  items: AdminUser[];
  total: number;
  limit: number;
  offset: number;
}

export interface UserFilters {
  q?: string;
  status?: UserStatus;
  agencyId?: string;
  limit: number;
  offset: number;
}

export interface InviteUserInput {
  email: string;
  name: string;
  roles: Role[];
  unitId?: string;
  agencyId?: string;
}

export interface UpdateUserInput {
  displayName?: string;
  roles?: Role[];
  unitId?: string | null;
  status?: 'active' | 'disabled';
}

const USERS_KEY = ['users'] as const;

export function useUsers(filters: UserFilters) {
  return useQuery({
    queryKey: [...USERS_KEY, filters],
    queryFn: ({ signal }) =>
      api<UserPage>('GET', `/api/v1/users${queryString({ ...filters })}`, undefined, { signal }),
    // Keep the current rows on screen while the next page or filter loads (slow links).
    placeholderData: keepPreviousData,
  });
}

function useUserMutation<TInput, TResult>(fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: USERS_KEY }),
  });
}

export const useInviteUser = () =>
  useUserMutation((input: InviteUserInput) =>
    api<{ user: AdminUser; invitationUrl: string }>('POST', '/api/v1/users', input),
  );

export const useUpdateUser = () =>
  useUserMutation(({ id, changes }: { id: string; changes: UpdateUserInput }) =>
    api<AdminUser>('PATCH', `/api/v1/users/${encodeURIComponent(id)}`, changes),
  );

export const useUnlockUser = () =>
  useUserMutation((id: string) => api<unknown>('POST', `/api/v1/users/${encodeURIComponent(id)}/unlock`));

export const useResetUser = () =>
  useUserMutation((id: string) =>
    api<{ resetUrl: string }>('POST', `/api/v1/users/${encodeURIComponent(id)}/reset`),
  );

/** The server answers `/invite#…` paths; show and copy them as full addresses. */
export function absoluteUrl(url: string): string {
  return new URL(url, window.location.origin).href;
}
