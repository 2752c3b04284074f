import { type AlertEvent, headline } from './event.ts';

const EMOJI: Record<AlertEvent['kind'], string> = {
  failure: ':red_circle:',
  degraded: ':large_yellow_circle:',
  recovery: ':large_green_circle:',
  reminder: ':red_circle:',
};

/** Slack's section text limit. */
const SECTION_LIMIT = 3000;

function details(event: AlertEvent): string {
  return [
    `*path* \`${event.path}\`  *provider* ${event.provider}  *model* \`${event.model}\``,
    event.class ? `*class* \`${event.class}\`` : '',
    event.message ? `> ${event.message}` : '',
  ]
    .filter(Boolean)
    .join('\n')
    .slice(0, SECTION_LIMIT);
}

/** An incoming-webhook message: `text` for notifications, blocks for the channel. */
export function slackMessage(event: AlertEvent): object {
  const text = `${EMOJI[event.kind]} ${headline(event)}`;
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*${headline(event)}*\n${details(event)}`.slice(0, SECTION_LIMIT) },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `brownout monitor \`${event.monitor}\` on ${event.source} · since ${new Date(event.since).toISOString()}`,
          },
        ],
      },
    ],
  };
}

/** One message for many changes in one cycle (no alert storm). */
export function slackSummary(events: readonly AlertEvent[]): object {
  const [first] = events;
  const down = events.filter((e) => e.state !== 'up').length;
  const text = `:rotating_light: ${first?.monitor}: ${events.length} paths changed state (${down} not up)`;
  const lines = events
    .map((e) => `${EMOJI[e.kind]} \`${e.path}\` ${e.state}${e.class ? ` (\`${e.class}\`)` : ''}`)
    .join('\n');
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${text}*\n${lines}`.slice(0, SECTION_LIMIT) } },
    ],
  };
}
