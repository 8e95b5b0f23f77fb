import type { TaskView } from '@karpear/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

/** `GET /api/v1/my-work` and `GET /api/v1/cases/supervisor` (contracts/src/cases.ts). */
export interface MyWork {
  tasks: Array<TaskView & { reference: string }>;
  tips: Array<{ id: string; reference: string; status: string; dueAt: string | null }>;
}

export interface SupervisorView {
  unitId: string | null;
  caseload: Array<{ status: string; count: number }>;
  openCases: Array<{ id: string; reference: string; status: string; ageDays: number }>;
  overdueTasks: Array<{
    id: string;
    caseId: string | null;
    reference: string;
    ownerId: string;
    dueAt: string;
  }>;
  plansAwaitingApproval: Array<{ caseId: string; reference: string; version: number; submittedAt: string }>;
}

export function useMyWork() {
  return useQuery({
    queryKey: ['my-work'],
    queryFn: ({ signal }) => api<MyWork>('GET', '/api/v1/my-work', undefined, { signal }),
    refetchInterval: 120_000,
    refetchOnWindowFocus: false,
  });
}

export function useSupervisorView() {
  return useQuery({
    queryKey: ['cases', 'supervisor'],
    queryFn: ({ signal }) => api<SupervisorView>('GET', '/api/v1/cases/supervisor', undefined, { signal }),
    refetchOnWindowFocus: false,
  });
}
