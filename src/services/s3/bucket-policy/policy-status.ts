// Whether a bucket policy makes the bucket public, as S3 decides it for GetBucketPolicyStatus and
// Block Public Access (Amazon S3 User Guide, "The meaning of 'public'"): some Allow statement grants
// to everyone (`"*"` or `{"AWS": "*"}`) without a condition that pins a fixed value of one of the keys
// that narrow "everyone" (source IP ranges narrower than the whole internet, VPCs and endpoints,
// principal and source accounts, ARNs, organizations).

const NARROWING_KEYS = new Set(
  [
    'aws:SourceIp',
    'aws:SourceArn',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceAccount',
    'aws:SourceOwner',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalServiceName',
    'aws:userid',
    's3:DataAccessPointArn',
    's3:DataAccessPointAccount',
  ].map((k) => k.toLowerCase()),
);

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function grantsEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal && typeof principal === 'object')
    return list((principal as Record<string, unknown>).AWS).includes('*');
  return false;
}

function narrowed(condition: unknown): boolean {
  if (!condition || typeof condition !== 'object') return false;
  for (const [operator, clauses] of Object.entries(condition as Record<string, unknown>)) {
    if (/IfExists$/.test(operator) || /^Null$/.test(operator) || !clauses || typeof clauses !== 'object')
      continue;
    for (const [key, values] of Object.entries(clauses as Record<string, unknown>)) {
      if (!NARROWING_KEYS.has(key.toLowerCase())) continue;
      const vs = list(values).map(String);
      const wide = vs.some((v) => v.includes('*') || v === '0.0.0.0/0' || v === '::/0');
      if (!wide && !/^(StringNotEquals|StringNotLike|ArnNotEquals|ArnNotLike|NotIpAddress)/.test(operator))
        return true;
    }
  }
  return false;
}

export function isPublicPolicy(text: string): boolean {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return false;
  }
  for (const s of list((doc as { Statement?: unknown }).Statement)) {
    if (!s || typeof s !== 'object') continue;
    const st = s as Record<string, unknown>;
    if (st.Effect !== 'Allow') continue;
    if ((st.Principal !== undefined && grantsEveryone(st.Principal)) || st.NotPrincipal !== undefined) {
      if (!narrowed(st.Condition)) return true;
    }
  }
  return false;
}
