// Package thai prepares Thai text for print: character clusters, dictionary
// word breaking for line wrapping, presentation-form shaping for fonts of the
// TLWG family (Laksaman, Garuda, ...) and the formats a Thai reader expects
// (Buddhist-era dates, Thai digits, thousands separators, percentages).
//
// Everything is pure Go and works without any system file. The word list
// (Dict) is optional: without it lines break between character clusters,
// never inside one.
package thai
