// EC2: instances, tags, instance-profile associations (issue 5).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by its issue
export interface Ec2Tables {}
