// Package deliver sends a run's outputs to people: the province bulletin and
// the district notices by e-mail (github.com/wneessen/go-mail), the summary
// text by the LINE Messaging API, and a send ledger so a rerun never sends
// twice (SPEC §5).
//
// Plan decides who gets what from the snapshot and the directory; Send
// delivers the plan (or, for a dry run, writes it to an outbox as .eml
// files) and reports what was sent, skipped and failed.
//
// # One delivery per recipient
//
// Every Message has exactly one envelope recipient. A district notice goes to
// each of its recipients as a separate SMTP transaction carrying the same
// headers (To: the district's contacts, Cc: the provincial copies) and the
// same Message-ID, so everyone sees the full list of addressees while a
// refusal, a retry or a crash concerns one recipient only. Message.ID names
// the delivery (channel, kind, district, recipient) and is the ledger key.
//
// # The send ledger
//
// The ledger is <archive>/ledger/<as-of>.jsonl, outside the per-date archive
// folder that reruns replace. Send reads it at the start and skips every
// delivery already in it (unless Resend). Right after the server confirms a
// delivery (250 after DATA, or LINE's 200), one JSON line is appended and
// fsynced. A line torn by a crash mid-write is ignored and the next append
// starts on a fresh line.
//
// Between the server's confirmation and the fsync there is a window of
// microseconds: a crash exactly there means the next run sends that one
// delivery again. We accept this at-least-once behaviour on purpose: the
// alternative, recording before sending, loses a notice silently when the
// send then fails, and a duplicate notice costs less than a missing one.
// For LINE the window is closed as well: every push carries an
// X-Line-Retry-Key derived from the as-of date and the delivery, so LINE
// itself refuses a repeat within its 24 hours (409), which counts as sent.
//
// A dry run writes no ledger. It reads the real one only to show which
// deliveries a real send would skip, so a dry run never blocks a later real
// send.
//
// Secrets: the SMTP password and the LINE token are passed in by the caller
// (read from the environment variables named in the settings); they are
// never logged, never put in a Report, the ledger or the outbox.
package deliver
