// Readable labels of the statuses the dashboard shows as badges: jobs, interview sessions, links.
export type BadgeStatus = 'active' | 'inactive' | 'invited' | 'in_progress' | 'completed' | 'revoked' | 'expired' | 'used' | 'declined' | 'ended';

export const statusLabels: Record<BadgeStatus, string> = {
  active: 'Active',
  inactive: 'Inactive',
  invited: 'Invited',
  in_progress: 'In progress',
  completed: 'Completed',
  revoked: 'Revoked',
  expired: 'Expired',
  /** a link whose interview is over (completed, ended): it opens only a thank-you or a closed page */
  used: 'Used',
  declined: 'Declined',
  ended: 'Ended',
};
