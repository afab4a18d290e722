/**
 * Policy speed: can() checks per second on a realistic mix, and visible()
 * over 10,000 attachments, against CASL (@casl/ability) expressing the same
 * rules on the same inputs in the same run.
 */
import { createMongoAbility, type MongoAbility } from '@casl/ability';
import {
  adminUser,
  can,
  defaultPortalSettings,
  visible,
  type Action,
  type Attachment,
  type PolicyContext,
  type Principal,
  type StaffUser,
} from '../packages/sdk/src/index.js';
import { interleave, prng, type BenchRow } from './stats.js';

const random = prng(20261125);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const clients = ['client-a', 'client-b', 'client-c', 'client-d'];
const attachments: Attachment[] = Array.from({ length: 10_000 }, (_, i) => ({
  id: `a-${i}`,
  record: { type: 'job', id: `J-${i % 500}` },
  clientId: pick(clients),
  name: `file-${i}.pdf`,
  size: 1000 + i,
  mimeType: 'application/pdf',
  checksum: '0'.repeat(64),
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'u',
  portal: random() < 0.4 ? 'viewable' : 'hidden',
  confidential: random() < 0.2,
  revision: 1,
}));

const techWithout: StaffUser = { kind: 'staff', id: 't1', name: 'Tech', grants: { mobile: ['attachments.view', 'attachments.upload'] } };
const techWith: StaffUser = {
  kind: 'staff',
  id: 't2',
  name: 'Senior',
  grants: { mobile: ['attachments.view', 'attachments.viewConfidential', 'attachments.upload', 'attachments.share'] },
};
const office: StaffUser = {
  kind: 'staff',
  id: 'o1',
  name: 'Office',
  grants: { web: ['attachments.view', 'attachments.share', 'attachments.upload'] },
};
const admin = adminUser();

interface Case {
  principal: Principal;
  ctx: PolicyContext;
}
const cases: Case[] = [
  { principal: admin, ctx: { level: 'web' } },
  { principal: office, ctx: { level: 'web' } },
  { principal: techWithout, ctx: { level: 'mobile' } },
  { principal: techWith, ctx: { level: 'mobile' } },
  { principal: { kind: 'client', id: 'client-a' }, ctx: { portalSettings: defaultPortalSettings } },
  {
    principal: { kind: 'client', id: 'client-b' },
    ctx: { portalSettings: { ...defaultPortalSettings, viewSharedNotesAttachments: false } },
  },
];
const mixActions: Action[] = [
  'attachment.view',
  'attachment.download',
  'attachment.share',
  'attachment.markConfidential',
  'attachment.delete',
];

// ------------------------------------------------------------------ CASL, the same rules

type Ability = MongoAbility<[string, Attachment | 'Attachment']>;
const caslActions: Record<string, string> = {
  'attachment.view': 'view',
  'attachment.download': 'download',
  'attachment.share': 'share',
  'attachment.markConfidential': 'markConfidential',
  'attachment.delete': 'delete',
};
const permissionOf: Record<string, string> = {
  share: 'attachments.share',
  markConfidential: 'attachments.markConfidential',
  delete: 'attachments.delete',
};

function caslAbility({ principal, ctx }: Case): Ability {
  const rules: { action: string | string[]; subject: string; conditions?: Record<string, unknown> }[] = [];
  if (principal.kind === 'client') {
    const s = ctx.portalSettings!;
    if (!s.disableOnlineAccess && s.viewSharedNotesAttachments) {
      rules.push({ action: ['view', 'download'], subject: 'Attachment', conditions: { portal: 'viewable', clientId: principal.id } });
    }
  } else {
    const held = new Set(principal.grants[ctx.level ?? 'web'] ?? []);
    if (held.has('attachments.view')) {
      // Seeing an item (and so acting on it) needs view, and viewConfidential when it is confidential.
      const seen = held.has('attachments.viewConfidential') ? undefined : { confidential: false };
      const allowed = ['view', 'download', ...Object.keys(permissionOf).filter((a) => held.has(permissionOf[a]!))];
      // markConfidential also needs viewConfidential (the catalog's `requires`).
      const effective = allowed.filter((a) => a !== 'markConfidential' || held.has('attachments.viewConfidential'));
      rules.push({ action: effective, subject: 'Attachment', ...(seen ? { conditions: seen } : {}) });
    }
  }
  return createMongoAbility<[string, Attachment | 'Attachment']>(rules as never, { detectSubjectType: () => 'Attachment' });
}

// The mix: a fixed sequence of (case, action, attachment) triples.
const abilities = cases.map(caslAbility);
const checks = Array.from({ length: 200_000 }, () => {
  const c = Math.floor(random() * cases.length);
  const action = pick(mixActions);
  return {
    c,
    principal: cases[c]!.principal,
    ctx: cases[c]!.ctx,
    ability: abilities[c]!,
    action,
    caslAction: caslActions[action]!,
    item: pick(attachments),
  };
});
type Check = (typeof checks)[number];

// Same answers, or the comparison is meaningless.
for (const { c, action, item } of checks.slice(0, 20_000)) {
  const ours = can(cases[c]!.principal, action, item, cases[c]!.ctx);
  const theirs = abilities[c]!.can(caslActions[action]!, item);
  if (ours !== theirs) throw new Error(`policy and CASL disagree on ${action} for case ${c}: ${ours} vs ${theirs}`);
}

function checksPerSecond(run: (check: Check) => boolean): () => number {
  return () => {
    let allowed = 0;
    const start = process.hrtime.bigint();
    for (const check of checks) if (run(check)) allowed++;
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (allowed < 0) throw new Error('unreachable');
    return checks.length / seconds;
  };
}

export function runPolicyBench(): BenchRow[] {
  const canResult = interleave(
    9,
    3,
    checksPerSecond((k) => can(k.principal, k.action, k.item, k.ctx)),
    checksPerSecond((k) => k.ability.can(k.caslAction, k.item)),
  );

  const ms = (run: () => unknown) => () => {
    const start = process.hrtime.bigint();
    run();
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const tech = cases[2]!;
  const visibleResult = interleave(
    15,
    5,
    ms(() => visible(tech.principal, attachments, tech.ctx)),
    ms(() => attachments.filter((a) => abilities[2]!.can('view', a))),
  );
  const canRatio = canResult.a.median / canResult.b.median;
  return [
    {
      id: 'policy.can',
      name: 'policy: can() on the mixed workload',
      unit: 'checks/s',
      ours: canResult.a,
      baseline: { name: 'CASL 6', sample: canResult.b },
      ratio: canRatio,
    },
    {
      id: 'policy.visible',
      name: 'policy: visible() over 10,000 attachments',
      unit: 'ms',
      ours: visibleResult.a,
      baseline: { name: 'CASL 6 filter', sample: visibleResult.b },
      ratio: visibleResult.a.median / visibleResult.b.median,
    },
  ];
}
