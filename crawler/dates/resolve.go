package dates

import (
	"strings"
	"time"
)

// build makes a time from its parts, rejecting impossible ones (month 13,
// 31 February, 25 o'clock) rather than letting time.Date normalise them.
func build(year, month, day, hour, minute, second int, loc *time.Location) (time.Time, bool) {
	if month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60 {
		return time.Time{}, false
	}
	if second == 60 {
		second = 59
	}
	t := time.Date(year, time.Month(month), day, hour, minute, second, 0, loc)
	if t.Day() != day {
		return time.Time{}, false
	}
	return t, true
}

// clockOf turns the captured parts of a clock into 24-hour time.
func clockOf(period, hour, minute, second, ampm string) (h, m, s int, ok bool) {
	if hour == "" {
		return 0, 0, 0, false
	}
	h, m, s = atoi(hour), atoi(minute), atoi(second)
	pm := period == "下午" || period == "晚上" || (period == "中午" && h < 11)
	switch strings.ToLower(strings.ReplaceAll(ampm, ".", "")) {
	case "pm":
		pm = true
	case "am":
		if h == 12 {
			h = 0
		}
	}
	if pm && h < 12 {
		h += 12
	}
	return h, m, s, true
}

// zone returns the location a written offset or zone name stands for, or
// def when there is none.
func zone(name string, def *time.Location) *time.Location {
	name = strings.TrimSpace(name)
	switch strings.ToUpper(name) {
	case "":
		return def
	case "Z", "UTC", "GMT":
		return time.UTC
	case "CST", "BEIJING TIME", "北京时间":
		// On a Chinese page CST is China Standard Time; on an American one
		// it would be Central, but those pages write CDT/CST next to
		// "ET"-style zones rarely enough that the default wins.
		if name == "CST" && def != nil && strings.HasPrefix(def.String(), "America/") {
			return time.FixedZone("CST", -6*3600)
		}
		return time.FixedZone("CST", 8*3600)
	case "EST":
		return time.FixedZone("EST", -5*3600)
	case "EDT":
		return time.FixedZone("EDT", -4*3600)
	case "ET":
		return time.FixedZone("ET", -5*3600)
	case "CDT":
		return time.FixedZone("CDT", -5*3600)
	case "PST", "PT":
		return time.FixedZone(name, -8*3600)
	case "PDT":
		return time.FixedZone("PDT", -7*3600)
	case "BST":
		return time.FixedZone("BST", 3600)
	case "CET":
		return time.FixedZone("CET", 3600)
	case "CEST":
		return time.FixedZone("CEST", 2*3600)
	}
	if len(name) >= 5 && (name[0] == '+' || name[0] == '-') {
		digits := strings.ReplaceAll(name[1:], ":", "")
		if len(digits) == 4 {
			offset := (atoi(digits[:2])*60 + atoi(digits[2:])) * 60
			if name[0] == '-' {
				offset = -offset
			}
			return time.FixedZone("", offset)
		}
	}
	return def
}

// withoutYear resolves a month and day written without a year to the most
// recent such day not after now (plus the day of slack Parse allows).
func withoutYear(month, day, hour, minute, second int, loc *time.Location, now time.Time) (time.Time, bool) {
	year := now.In(loc).Year()
	t, ok := build(year, month, day, hour, minute, second, loc)
	if !ok {
		return t, false
	}
	if t.After(now.Add(24 * time.Hour)) {
		return build(year-1, month, day, hour, minute, second, loc)
	}
	return t, true
}

// relative counts n units back from now.
func relative(now time.Time, n int, unit string) time.Time {
	switch unit {
	case "秒", "second":
		return now.Add(-time.Duration(n) * time.Second)
	case "分钟", "分", "minute", "min":
		return now.Add(-time.Duration(n) * time.Minute)
	case "小时", "hour", "hr":
		return now.Add(-time.Duration(n) * time.Hour)
	case "天", "日", "day":
		return now.AddDate(0, 0, -n)
	case "周", "星期", "week":
		return now.AddDate(0, 0, -7*n)
	case "个月", "month":
		return now.AddDate(0, -n, 0)
	case "年", "year":
		return now.AddDate(-n, 0, 0)
	}
	return now
}

// dayWord resolves 今天/昨天/前天/刚刚 (today, yesterday, just now) with an
// optional clock.
func dayWord(now time.Time, word, period, hour, minute, second, ampm string) (time.Time, bool) {
	daysBack := 0
	switch word {
	case "刚刚", "just now":
		return now, true
	case "昨天", "yesterday":
		daysBack = 1
	case "前天":
		daysBack = 2
	}
	day := now.AddDate(0, 0, -daysBack)
	h, m, s, ok := clockOf(period, hour, minute, second, ampm)
	if !ok {
		if daysBack == 0 {
			return now, true
		}
		return time.Date(day.Year(), day.Month(), day.Day(), 12, 0, 0, 0, now.Location()), true
	}
	return build(day.Year(), int(day.Month()), day.Day(), h, m, s, now.Location())
}

// monthNumber maps an English month name or abbreviation to 1–12.
func monthNumber(name string) int {
	name = strings.ToLower(name)
	if len(name) < 3 {
		return 0
	}
	for i, m := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if name[:3] == m {
			return i + 1
		}
	}
	return 0
}
