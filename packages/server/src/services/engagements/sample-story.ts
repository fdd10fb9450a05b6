/**
 * The story of the sample engagement: a team lead coached weekly for eight weeks (cards are accepted, created and committed to during the sessions; moves between them happen at 11:00 and 14:00). Days count from the
 * first session (day 0); sessions are on days 0, 7, … 49 and the ninth is scheduled for day 56. A card
 * enters In Progress on `start`, Verify on `verify` and Done in the session of `done` (cards are accepted
 * in sessions). In Progress holds at most three cards at any hour of the story, as its WIP limit asks.
 */
export interface SampleCard {
  key: string;
  title: string;
  goal: 'lead' | 'time';
  created: number;
  start?: number;
  verify?: number;
  done?: number;
}

export const sampleGoals = {
  lead: 'Lead the team without doing the work for them',
  time: 'Protect time for strategy every week',
} as const;

export const sampleCards: readonly SampleCard[] = [
  { key: 'map', title: 'Map who decides what on the team', goal: 'lead', created: 0, start: 1, verify: 6, done: 7 },
  { key: 'status', title: 'Hand the weekly status meeting to Priya', goal: 'lead', created: 0, start: 2, verify: 12, done: 14 },
  { key: 'mornings', title: 'Block two strategy mornings a week', goal: 'time', created: 0, start: 8, verify: 9, done: 14 },
  { key: 'feedback', title: 'Ask three people for feedback on delegation', goal: 'lead', created: 7, start: 9, verify: 19, done: 21 },
  { key: 'no', title: 'Say no to one recurring meeting', goal: 'time', created: 7, start: 15, verify: 20, done: 21 },
  { key: 'charter', title: 'Write a one-page team charter', goal: 'lead', created: 14, start: 16, verify: 26, done: 28 },
  { key: 'friday', title: 'Review next week’s calendar each Friday', goal: 'time', created: 14, start: 22, verify: 27, done: 28 },
  { key: 'planning', title: 'Coach Priya through her first planning session', goal: 'lead', created: 21, start: 23, verify: 33, done: 35 },
  { key: 'priorities', title: 'Draft the quarter’s three priorities', goal: 'time', created: 21, start: 29, verify: 40, done: 42 },
  { key: 'budget', title: 'Delegate the budget review', goal: 'lead', created: 28, start: 31, verify: 47, done: 49 },
  { key: 'email', title: 'No email before 10:00', goal: 'time', created: 35, start: 36, verify: 46, done: 49 },
  { key: 'reading', title: 'Read “The Making of a Manager”, chapters 1–4', goal: 'lead', created: 35 },
  { key: 'share', title: 'Share the charter with the wider department', goal: 'lead', created: 42, start: 44 },
  { key: 'offsite', title: 'Plan the offsite agenda with the team', goal: 'time', created: 42, start: 50 },
  { key: 'skip', title: 'Book a skip-level lunch each month', goal: 'lead', created: 49 },
];

/** Sessions held: the day of each and the cards committed to in it (reviewed when the next one starts). */
export const sampleSessions: readonly { day: number; commit: string[]; note: string }[] = [
  { day: 0, commit: ['map', 'status'], note: 'Agreed the two goals. Started with a map of decisions.' },
  { day: 7, commit: ['status', 'mornings', 'feedback'], note: 'The map showed nine decisions waiting on me.' },
  { day: 14, commit: ['feedback', 'no'], note: 'Status meeting handed over; Priya ran it well.' },
  { day: 21, commit: ['charter', 'friday', 'planning'], note: 'Feedback: “clearer asks, fewer check-ins”.' },
  { day: 28, commit: ['planning', 'priorities'], note: 'Charter agreed by the team.' },
  { day: 35, commit: ['priorities', 'budget', 'email'], note: 'Planning session went ahead without me.' },
  { day: 42, commit: ['budget', 'email', 'share'], note: 'Priorities drafted; the budget review slipped.' },
  { day: 49, commit: ['share', 'offsite'], note: 'Budget review delegated. Email mornings hold.' },
];

/** The next session after the story, days from the first. */
export const sampleNextSessionDay = 56;
/** The story's first session was this many days before today. */
export const sampleStartDaysAgo = 52;
