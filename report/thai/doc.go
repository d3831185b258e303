// Package thai prepares Thai text for print: character clusters, dictionary
// word breaking for line wrapping, presentation-form shaping for fonts of the
// TLWG family (Laksaman, Garuda, ...) and the formats a Thai reader expects
// (Buddhist-era dates, Thai digits, thousands separators, percentages).
//
// Everything is pure Go and works without any system file.
//
// Word list. Line breaking uses a Dict loaded at run time, by default
// Debian hunspell-th's /usr/share/hunspell/th_TH.dic (about 51,000 words;
// UTF-8 in Debian 12, TIS-620 in older releases — both are read), plus a
// small built-in list of the office's words (Lampang's districts, จปฐ,
// เบิกจ่าย, ...). libthai's thbrk.tri was not chosen: it is a libdatrie
// double-array trie whose format would have to be reimplemented, while
// the hunspell list is plain text any office can extend. Words are found
// by maximal matching over cluster boundaries (fewest unknown clusters,
// then fewest words, then longest words); runs of unknown clusters stay
// whole. Without a word list (nil or empty Dict) lines break between
// clusters, never inside one.
package thai
