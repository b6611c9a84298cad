import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { AdminUserDto, AdminUserPage, CreateSuperAdminBody, UserRole, UserStatus } from '@/lib/api/types';

export interface UserListFilters {
  q?: string | undefined;
  role?: UserRole | undefined;
  status?: UserStatus | undefined;
}

const PAGE_SIZE = 20;

/** Query keys + options for the super admin's users screens. */
export const adminUserQueries = {
  all: () => ['admin-users'] as const,
  lists: () => [...adminUserQueries.all(), 'list'] as const,
  list: (filters: UserListFilters) =>
    infiniteQueryOptions({
      queryKey: [...adminUserQueries.lists(), { q: filters.q ?? '', role: filters.role ?? null, status: filters.status ?? null }] as const,
      queryFn: ({ pageParam, signal }) =>
        unwrap(
          api.GET('/api/v1/admin/users', {
            params: {
              query: {
                ...(filters.q ? { q: filters.q } : {}),
                ...(filters.role ? { role: filters.role } : {}),
                ...(filters.status ? { status: filters.status } : {}),
                limit: PAGE_SIZE,
                ...(pageParam ? { cursor: pageParam } : {}),
              },
            },
            signal,
          }),
        ),
      initialPageParam: null as string | null,
      getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    }),
  details: () => [...adminUserQueries.all(), 'detail'] as const,
  detail: (id: string) =>
    queryOptions({
      queryKey: [...adminUserQueries.details(), id] as const,
      queryFn: () => unwrap(api.GET('/api/v1/admin/users/{id}', { params: { path: { id } } })),
    }),
};

/** The changed user replaces its row in every cached list and its detail; the lists refetch on their next use. */
function useStoreUser() {
  const queryClient = useQueryClient();
  return (user: AdminUserDto) => {
    queryClient.setQueryData(adminUserQueries.detail(user.id).queryKey, user);
    queryClient.setQueriesData<InfiniteData<AdminUserPage, string | null>>({ queryKey: adminUserQueries.lists() }, (data) =>
      data ? { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.map((item) => (item.id === user.id ? user : item)) })) } : data,
    );
    void queryClient.invalidateQueries({ queryKey: adminUserQueries.lists(), refetchType: 'none' });
  };
}

export function useDeactivateUser() {
  const store = useStoreUser();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) => unwrap(api.POST('/api/v1/admin/users/{id}/deactivate', { params: { path: { id } }, body: { reason } })),
    onSuccess: store,
  });
}

export function useReactivateUser() {
  const store = useStoreUser();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/admin/users/{id}/reactivate', { params: { path: { id } } })),
    onSuccess: store,
  });
}

/** E-mails the user a password-reset link (the same link "Forgot password?" sends); changes nothing shown here. */
export function useSendPasswordReset() {
  return useMutation({ mutationFn: (id: string) => unwrap(api.POST('/api/v1/admin/users/{id}/password-reset', { params: { path: { id } } })) });
}

export function useCreateSuperAdmin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateSuperAdminBody) => unwrap(api.POST('/api/v1/admin/users', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminUserQueries.lists() }),
  });
}
