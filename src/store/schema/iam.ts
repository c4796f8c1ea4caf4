// IAM: roles, policies, instance profiles, users, groups (issue 4).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by its issue
export interface IamTables {}
