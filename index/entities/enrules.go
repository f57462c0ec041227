package entities

import (
	"strings"

	newsdex "github.com/newsdex/newsdex"
)

// English names the table does not know are found in runs of capitalised
// words: a run ending in a legal form or an industry word is a company
// (Fjordal Aluminium, Standard Oil Co), one built on an institution's word
// an organisation (Ministry of Finance, Japanese Finance Ministry), one after
// a title or starting with a given name a person (Mr Henrik Solberg,
// Treasury Secretary James Baker). Capitals mean nothing in a headline, so
// these rules read only ordinary lines.

// headKind is what a word inside a run says about the name.
type headKind uint8

const (
	headNone     headKind = iota
	headLegal             // Inc, Corp, Ltd: a company, dropped from the key
	headIndustry          // Aluminium, Airlines, Bank: a company, kept
	headOrg               // Ministry, University, Council: an organisation
	headTitle             // Mr, Minister, Chairman: a person follows
)

func classifyHead(w string) headKind {
	switch w {
	case "Inc", "Incorporated", "Corp", "Corporation", "Co", "Cos", "Company", "Ltd", "Limited", "Plc", "PLC",
		"AG", "SA", "NV", "BV", "GmbH", "LLC", "LP", "SpA", "ASA", "AB", "Oyj", "KK", "Pty", "Bhd", "Tbk",
		"S.A.", "N.V.", "A.G.", "S.p.A.", "L.P.":
		return headLegal
	case "Group", "Holdings", "Holding", "Bank", "Bancorp", "Bancshares", "Banking", "Airlines",
		"Airways", "Motors", "Motor", "Industries", "Aluminium", "Aluminum", "Steel", "Metals",
		"Mining", "Minerals", "Resources", "Petroleum", "Chemicals", "Chemical", "Electric",
		"Electronics", "Pharmaceuticals", "Foods", "Technologies", "Technology", "Systems",
		"Securities", "Insurance", "Capital", "Partners", "Financial", "Investments", "Energy",
		"Oil", "Gas", "Power", "Telecom", "Communications", "Enterprises", "Trading", "Shipping",
		"Logistics", "Automotive", "Ventures", "Brands", "Stores", "Airline", "Refining", "Smelting",
		"Materials", "Semiconductor", "Software", "Pharma", "Biotech", "Mills", "Realty", "Properties",
		"Trust", "Bancorporation", "Railway", "Railways", "Railroad", "Utilities", "Aerospace":
		return headIndustry
	case "Ministry", "Department", "Agency", "Commission", "Council", "Committee", "Association",
		"Federation", "Institute", "University", "College", "Academy", "Bureau", "Authority",
		"Organization", "Organisation", "Union", "Fund", "Board", "Court", "Party", "Parliament",
		"Congress", "Senate", "Exchange", "Reserve", "Office", "Administration", "Service",
		"Society", "Foundation", "Centre", "Center", "Army", "Navy", "Police", "Government",
		"Assembly", "Secretariat", "Chamber", "League", "Alliance", "Cabinet", "Club", "School",
		"Institution", "Conference", "Corps", "Directorate", "Tribunal", "Forum", "Laboratory",
		"Observatory", "Museum", "Hospital", "Church", "Commissioner", "Inspectorate", "Treasury":
		return headOrg
	case "Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Professor", "Sir", "Dame", "Lord", "Lady",
		"President", "Premier", "Chancellor", "Minister", "Secretary", "Governor", "Chairman",
		"Chairwoman", "Senator", "Sen", "Rep", "Representative", "Judge", "Justice", "King", "Queen",
		"Prince", "Princess", "Pope", "Ayatollah", "Sheikh", "General", "Gen", "Admiral", "Adm",
		"Colonel", "Col", "Lieutenant", "Lt", "Captain", "Capt", "Ambassador", "Mayor", "Director",
		"Spokesman", "Spokeswoman", "Economist", "Analyst", "Chief", "Executive",
		"Deputy", "Vice", "Envoy", "Leader", "Emperor", "Crown", "Gov", "Chair", "Treasurer",
		"Pres", "Messrs", "Rev", "Father", "Saint", "Officer", "Founder", "Head":
		return headTitle
	}
	return headNone
}

// isRoleWord: a lower-case word right before a person's name or after the
// comma that follows it (said chairman Paul Volcker; Jane Doe, an analyst).
func isRoleWord(w string) bool {
	switch w {
	case "chairman", "chairwoman", "president", "spokesman", "spokeswoman", "analyst", "economist",
		"minister", "secretary", "director", "executive", "officer", "governor", "trader",
		"strategist", "broker", "professor", "head", "chief", "manager", "founder", "lawyer",
		"official", "senator", "leader", "ambassador", "envoy", "commissioner", "chancellor",
		"premier", "counsel", "partner", "dealer", "consultant", "researcher", "editor",
		"correspondent", "reporter", "mayor", "judge", "general", "vice", "deputy", "adviser",
		"advisor", "representative", "delegate", "treasurer", "controller", "said", "says",
		"according", "by", "ceo", "cfo", "coo", "chair":
		return true
	}
	return false
}

// run is a stretch of capitalised tokens, [a, b).
type run struct{ a, b int }

// runs finds the capitalised stretches of ordinary lines.
func (d *enDoc) runs() []run {
	var out []run
	for i := 0; i < len(d.toks); {
		t := d.toks[i]
		if !t.plain || !t.capitalised() {
			i++
			continue
		}
		a := i
		b := i + 1
		sawOf := false
		for b < len(d.toks) && d.joined(b) {
			nt := d.toks[b]
			if nt.capitalised() || nt.shape == shapeOther && b > a {
				b++
				continue
			}
			w := d.text(b)
			// A small word joins two capitalised ones only in names that take
			// it: Bank of Japan, Ministry of Industry and Information
			// Technology, Banco do Brasil.
			if b+1 < len(d.toks) && d.joined(b+1) && d.toks[b+1].capitalised() && isConnector(w) {
				prev := d.text(b - 1)
				switch {
				case w == "of" || w == "for" || w == "on":
					if k := classifyHead(prev); k == headOrg || k == headIndustry || k == headTitle {
						sawOf = true
						b += 2
						continue
					}
				case w == "the":
					if prev == "of" || prev == "for" {
						b += 2
						continue
					}
				case w == "and":
					if sawOf || d.companyAhead(b+1) {
						if _, n := d.matchAt(b + 1); n == 0 {
							b += 2
							continue
						}
					}
				default:
					b += 2
					continue
				}
			}
			break
		}
		out = append(out, run{a, b})
		i = b
	}
	return out
}

// companyAhead reports whether the capitalised words from token i end in
// a company's legal form or industry word (Lyon and Ross Inc, Procter and
// Gamble Co), so an "and" before them belongs to the name.
func (d *enDoc) companyAhead(i int) bool {
	for k := i; k < len(d.toks) && k < i+4; k++ {
		if k > i && !d.joined(k) || !d.toks[k].capitalised() {
			return false
		}
		if h := classifyHead(d.text(k)); h == headLegal || h == headIndustry {
			return true
		}
	}
	return false
}

// ruleSpans proposes companies, organisations and people from the runs.
func (d *enDoc) ruleSpans(out []span) []span {
	for _, r := range d.runs() {
		out = d.runRules(r, out)
	}
	return out
}

func (d *enDoc) runRules(r run, out []span) []span {
	// A common word opening a sentence is not part of the name.
	for r.a < r.b && d.toks[r.a].sentenceStart() && d.isLowerWord(d.text(r.a)) && classifyHead(d.text(r.a)) != headTitle {
		r.a++
	}
	for r.a < r.b && isConnector(d.text(r.a)) {
		r.a++
	}
	if r.a >= r.b {
		return out
	}
	// Companies and organisations: the last head word decides.
	for k := r.b - 1; k > r.a; k-- {
		kind := classifyHead(d.text(k))
		if kind != headLegal && kind != headIndustry && kind != headOrg {
			continue
		}
		end := k + 1
		if kind == headOrg || kind == headIndustry {
			// Bank of Japan, Ministry of Finance: the rest of the run belongs.
			if end < r.b && isConnector(d.text(end)) {
				end = r.b
			}
		}
		// Legal forms may stack: Standard Oil Co Ltd.
		for end < r.b && classifyHead(d.text(end)) == headLegal {
			end++
		}
		start := d.nameStart(r.a, k)
		if start >= k {
			continue
		}
		typ := newsdex.Company
		if kind == headOrg {
			typ = newsdex.Org
		}
		out = append(out, d.nameSpan(start, end, typ))
		if end < r.b {
			out = d.runRules(run{end, r.b}, out)
		}
		return out
	}
	// A run that starts with an organisation's word: University of Oslo.
	switch classifyHead(d.text(r.a)) {
	case headOrg:
		if r.b-r.a >= 3 && isConnector(d.text(r.a+1)) {
			return append(out, d.nameSpan(r.a, r.b, newsdex.Org))
		}
	case headIndustry:
		if r.b-r.a >= 3 && isConnector(d.text(r.a+1)) {
			return append(out, d.nameSpan(r.a, r.b, newsdex.Company)) // Bank of America
		}
	}
	return d.personRules(r, out)
}

// nameStart skips the words before a company name that are not part of it:
// a leading "The", a role.
func (d *enDoc) nameStart(a, head int) int {
	for a < head {
		w := d.text(a)
		if w == "The" || classifyHead(w) == headTitle || d.toks[a].sentenceStart() && d.isLowerWord(w) {
			a++
			continue
		}
		break
	}
	return a
}

// nameSpan makes a span of tokens [a, b) whose key is the name without its
// legal form, or the table's entity when the table knows that name.
func (d *enDoc) nameSpan(a, b int, typ newsdex.EntityType) span {
	keyEnd := b
	for keyEnd-1 > a && classifyHead(d.text(keyEnd-1)) == headLegal {
		keyEnd--
	}
	if keyEnd-1 > a && (d.text(keyEnd-1) == "and" || d.text(keyEnd-1) == "&") {
		keyEnd--
	}
	key := d.joinTokens(a, keyEnd)
	sp := span{start: d.toks[a].start, end: d.toks[b-1].end, typ: typ, id: -1, key: key, src: srcRule}
	if refs, ok := d.x.tb.en[foldEN(key)]; ok {
		if r, ok := d.x.tb.best(refs, ""); ok && !r.demonym {
			sp.id, sp.typ, sp.key = r.id, d.x.tb.ents[r.id].typ, ""
		}
	}
	return sp
}

// joinTokens writes tokens [a, b) with single spaces, as a key.
func (d *enDoc) joinTokens(a, b int) string {
	var sb strings.Builder
	for k := a; k < b; k++ {
		if k > a {
			sb.WriteByte(' ')
		}
		sb.WriteString(d.text(k))
	}
	return sb.String()
}

// personRules: a title and a name (Mr Henrik Solberg, Prime Minister
// Yasuhiro Nakasone), a given name and a surname (James Baker), a name
// after a role word (analyst Jane Doe) or before ", a role".
func (d *enDoc) personRules(r run, out []span) []span {
	if d.bylineAt(r.a) {
		// By Peter Smith / Prices rose…: a byline ends with its line.
		for k := r.a + 1; k < r.b; k++ {
			if d.toks[k].newline {
				r.b = k
				break
			}
		}
	}
	// After the last title word, the name.
	for k := r.b - 2; k >= r.a; k-- {
		if classifyHead(d.text(k)) != headTitle {
			continue
		}
		a := k + 1
		for a < r.b && (isConnector(d.text(a)) || classifyHead(d.text(a)) != headNone || d.x.officeWord(d.text(a))) {
			a++
		}
		if a < r.b && r.b-a <= 3 && d.nameTokens(a, r.b) {
			return append(out, d.personSpan(a, r.b))
		}
		return out
	}
	n := r.b - r.a
	if n < 2 || n > 4 || !d.nameTokens(r.a, r.b) {
		if n == 1 && d.roleBefore(r.a) && d.nameTokens(r.a, r.b) && d.toks[r.a].shape == shapeTitle {
			// said Volcker: a surname after a role word is still a person
			if !d.toks[r.a].sentenceStart() {
				return append(out, d.personSpan(r.a, r.b))
			}
		}
		return out
	}
	if d.x.givenNames[d.text(r.a)] || d.roleBefore(r.a) || d.roleAfter(r.b-1) || d.bylineAt(r.a) {
		return append(out, d.personSpan(r.a, r.b))
	}
	return out
}

// nameTokens reports whether tokens [a, b) can be a person's name: words
// in title case (or initials), no table place or organisation among them.
func (d *enDoc) nameTokens(a, b int) bool {
	for k := a; k < b; k++ {
		t := d.toks[k]
		w := d.text(k)
		if t.shape != shapeTitle && !(len(w) == 1 && t.shape != shapeLower) && !(k > a && isConnector(w)) {
			return false
		}
		if classifyHead(w) != headNone {
			return false
		}
	}
	if r, n := d.matchAt(a); n > 0 && d.x.tb.ents[r.id].typ != newsdex.Person {
		return false
	}
	return true
}

func (d *enDoc) personSpan(a, b int) span {
	sp := span{start: d.toks[a].start, end: d.toks[b-1].end, typ: newsdex.Person, id: -1,
		key: d.joinTokens(a, b), src: srcPerson}
	if refs, ok := d.x.tb.en[foldEN(sp.key)]; ok {
		if r, ok := d.x.tb.best(refs, newsdex.Person); ok {
			sp.id, sp.key = r.id, ""
		}
	}
	return sp
}

func (d *enDoc) roleBefore(a int) bool {
	if a == 0 || d.toks[a].sep > sepComma {
		return false
	}
	prev := d.toks[a-1]
	return prev.shape == shapeLower && isRoleWord(d.text(a-1))
}

func (d *enDoc) roleAfter(last int) bool {
	k := last + 1
	if k >= len(d.toks) || d.toks[k].sep != sepComma {
		return false
	}
	if w := d.text(k); (w == "a" || w == "an" || w == "the") && k+1 < len(d.toks) {
		k++
	}
	w := strings.ToLower(d.text(k))
	return isRoleWord(w) && w != "said" && w != "says" && w != "according" && w != "by"
}

// bylineAt: a name after "By" that opens a paragraph.
func (d *enDoc) bylineAt(a int) bool {
	return a > 0 && d.text(a-1) == "By" && d.toks[a-1].sep == sepBreak
}

// officeWord: words between a title and a name (Secretary of State George
// Shultz, Finance Minister Kiichi Miyazawa).
func (x *Extractor) officeWord(w string) bool {
	switch w {
	case "State", "Treasury", "Finance", "Trade", "Foreign", "Defence", "Defense", "Agriculture",
		"Energy", "Commerce", "Labor", "Labour", "Industry", "Economy", "Economic", "Interior",
		"Justice", "Health", "Education", "Transport", "Transportation", "Oil", "Petroleum", "Mines",
		"Prime", "Federal", "Reserve", "Central", "Bank", "Minister", "Secretary", "General":
		return true
	}
	return x.tb.en[strings.ToLower(w)] != nil // a demonym or a country: Japanese Prime Minister
}
