// Package report reads and verifies the workbooks of a provincial warning
// center: the yearly plan, the contact directory, the register of reports
// received and the districts' weekly submissions. It also holds the plain data
// types every later stage works on (the computed Snapshot of SPEC §8), so that
// computing, rendering and delivering never re-read a workbook. A run keeps
// the snapshot's project figures on disk (ProjectFile), not in memory; every
// reader takes them through Snapshot.ProjectSet. What is read stays compact
// too: a plan read by ReadPlan keeps its projects encoded (read them with
// Plan.AllProjects), and a checked inbox its submissions' lines
// (Submission.Lines).
//
// Dates are civil dates carried as time.Time at 00:00 UTC. Rates are fractions
// (0.4321 = 43.21%). Amounts are baht.
package report
