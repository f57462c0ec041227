package dates

import (
	"regexp"
)

// labelWindow is how far before a date a label may stand: "发布时间：" plus
// a little spacing, "Published on".
const labelWindow = 24

var (
	publishLabelRE = regexp.MustCompile(`(?i)(发布时间|发表时间|发布日期|发表日期|发布于|发表于|出版日期|时间|日期|published|posted|date|发布|发表)\s*(on|at)?\s*[:：]?\s*$`)
	updateLabelRE  = regexp.MustCompile(`(?i)(更新时间|更新于|更新|修改时间|最后修改|updated|modified|last updated|edited)\s*(on|at)?\s*[:：]?\s*$`)
)

// labelBonus scores the label that stands just before a date at start.
func labelBonus(s string, start int) float64 {
	from := start - labelWindow
	if from < 0 {
		from = 0
	}
	// Step to a rune boundary so the window never splits a character.
	for from < start && from > 0 && s[from]&0xC0 == 0x80 {
		from++
	}
	before := s[from:start]
	switch {
	case updateLabelRE.MatchString(before):
		return -3
	case publishLabelRE.MatchString(before):
		return 3
	}
	return 0
}
