package entities

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	newsdex "github.com/newsdex/newsdex"
)

func TestResolve(t *testing.T) {
	x := testExtractor(t)
	for _, tc := range []struct {
		typ  newsdex.EntityType
		name string
		want string
	}{
		{newsdex.Company, "魏桥集团", "魏桥创业集团"},
		{newsdex.Company, "  Weiqiao Pioneering Group ", "魏桥创业集团"},
		{newsdex.Company, "China Hongqiao Group", "中国宏桥"},
		{newsdex.Company, "山东南山铝业股份有限公司", "南山铝业"},
		{newsdex.Company, "南南铝业股份有限公司", "南南铝业"}, // legal form folded to the table's company
		{newsdex.Company, "Alcoa Corp", "美国铝业"},
		{newsdex.Company, "Fjordal Aluminium Ltd", "Fjordal Aluminium"}, // unknown: legal form dropped
		{newsdex.Company, "fjordal aluminium", "Fjordal Aluminium"},     // typed in lower case
		{newsdex.Person, "henrik solberg", "Henrik Solberg"},
		{newsdex.Org, "bank of norway", "Bank of Norway"},
		{newsdex.Company, "山東宏和輕量化科技有限公司", "山东宏和轻量化科技有限公司"},
		{newsdex.Org, "科技部", "科学技术部"},
		{newsdex.Org, "EC", "欧盟"},
		{newsdex.Org, "European Community", "欧盟"},
		{newsdex.Org, "国家计委", "国家发展和改革委员会"},
		{newsdex.Place, "U.S.", "美国"},
		{newsdex.Place, "USA", "美国"},
		{newsdex.Place, "Japan", "日本"},
		{newsdex.Place, "日本国", "日本国"}, // unknown: kept as written
		{newsdex.Place, "West Germany", "德国"},
		{newsdex.Place, "USSR", "俄罗斯"},
		{newsdex.Place, "East Germany", "东德"},
		{newsdex.Place, "Binzhou", "滨州"},
		{newsdex.Place, "滨州市", "滨州"},
		{newsdex.Place, "zouping", "邹平"},
		{newsdex.Place, "Chongqing", "重庆"},
		{newsdex.Place, "zhongqing", "重庆"}, // every reading of 重
		{newsdex.Place, "Peking", "北京"},
		{newsdex.Place, "香港特別行政區", "香港"},
		{newsdex.Person, "Xi Jinping", "习近平"},
		{newsdex.Person, "xijinping", "习近平"},
	} {
		got, ok := x.Resolve(tc.typ, tc.name)
		if !ok || got != tc.want {
			t.Errorf("Resolve(%s, %q) = %q, %v; want %q", tc.typ, tc.name, got, ok, tc.want)
		}
	}
	if _, ok := x.Resolve(newsdex.Place, "  "); ok {
		t.Error("Resolve of an empty name: ok")
	}
}

func TestNames(t *testing.T) {
	x := testExtractor(t)
	for _, tc := range []struct {
		typ  newsdex.EntityType
		key  string
		want newsdex.Names
	}{
		{newsdex.Company, "魏桥创业集团", newsdex.Names{ZH: "魏桥创业集团", EN: "Weiqiao Pioneering Group"}},
		{newsdex.Place, "日本", newsdex.Names{ZH: "日本", EN: "Japan"}},
		{newsdex.Place, "邹平", newsdex.Names{ZH: "邹平", EN: "Zouping"}}, // English from pinyin
		{newsdex.Place, "Montreal", newsdex.Names{ZH: "蒙特利尔", EN: "Montreal"}},
		{newsdex.Place, "North Sea", newsdex.Names{EN: "North Sea"}},
		{newsdex.Company, "滨州华盛铝业有限公司", newsdex.Names{ZH: "滨州华盛铝业有限公司"}},
		{newsdex.Company, "Fjordal Aluminium", newsdex.Names{EN: "Fjordal Aluminium"}},
	} {
		if got := x.Names(tc.typ, tc.key); got != tc.want {
			t.Errorf("Names(%s, %q) = %+v, want %+v", tc.typ, tc.key, got, tc.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	x := testExtractor(t)
	for _, tc := range []struct {
		typ    newsdex.EntityType
		prefix string
		want   string // a key among the suggestions
		first  bool   // and the first of them
	}{
		{newsdex.Company, "魏", "魏桥创业集团", true},
		{newsdex.Company, "wei", "魏桥创业集团", false},
		{newsdex.Company, "Weiqiao P", "魏桥创业集团", true},
		{newsdex.Company, "宏桥", "中国宏桥", true},
		{newsdex.Place, "bin", "滨州", false},
		{newsdex.Place, "Japan", "日本", true},
		{newsdex.Place, "日", "日本", true},
		{newsdex.Org, "world b", "世界银行", true},
		{"", "魏桥", "魏桥创业集团", true},
	} {
		got := x.Suggest(tc.typ, tc.prefix, 10)
		var keys []string
		for _, e := range got {
			if tc.typ != "" && e.Type != tc.typ {
				t.Errorf("Suggest(%s, %q) offered a %s", tc.typ, tc.prefix, e.Type)
			}
			keys = append(keys, e.Key)
		}
		if len(keys) == 0 || tc.first && keys[0] != tc.want || !tc.first && !setOf(keys)[tc.want] {
			t.Errorf("Suggest(%s, %q) = %q, want %s (first: %v)", tc.typ, tc.prefix, keys, tc.want, tc.first)
		}
	}
	if got := x.Suggest(newsdex.Place, "a", 3); len(got) != 3 {
		t.Errorf("limit 3: got %d", len(got))
	}
	if got := x.Suggest(newsdex.Place, "", 3); got != nil {
		t.Errorf("empty prefix: got %v", got)
	}
}

// TestEnglishRules checks the English rules one pattern at a time.
func TestEnglishRules(t *testing.T) {
	x := testExtractor(t)
	for _, tc := range []struct {
		name, body string
		typ        newsdex.EntityType
		want       []string
	}{
		{"legal form", "Standard Oil Co and BP North America Inc said they plan to form a venture.",
			newsdex.Company, []string{"Standard Oil", "BP North America"}},
		{"industry word and short form", "Fjordal Aluminium said on Tuesday it would cut output. Fjordal sells to Japan.",
			newsdex.Company, []string{"Fjordal Aluminium"}},
		{"and inside a name", "Shares of Lyon and Ross Inc rose.", newsdex.Company, []string{"Lyon and Ross"}},
		{"table company", "Rio Tinto and Alcoa signed a deal.", newsdex.Company, []string{"力拓", "美国铝业"}},
		{"organisation of", "The Ministry of Industry and Information Technology said output rose.",
			newsdex.Org, []string{"工业和信息化部"}},
		{"organisation head", "The Norwegian Trade Ministry said it would act.", newsdex.Org, []string{"Norwegian Trade Ministry"}},
		{"organisation alias", "The Japanese Finance Ministry said it would act.", newsdex.Org, []string{"日本大藏省"}},
		{"title and name", "said Mr Henrik Solberg, who later added that Mr Solberg would stay.",
			newsdex.Person, []string{"Henrik Solberg"}},
		{"office and name", "Treasury Secretary James Baker met Prime Minister Yasuhiro Nakasone.",
			newsdex.Person, []string{"James Baker", "中曾根康弘"}},
		{"apposition", "Jane Doe, an analyst at a London bank, said prices would rise.", newsdex.Person, []string{"Jane Doe"}},
		{"byline", "By Peter Smith\nPrices rose on Monday.", newsdex.Person, []string{"Peter Smith"}},
		{"demonym", "Japanese buyers agreed to pay more.", newsdex.Place, []string{"日本"}},
		{"currency is no place", "The bank will issue 100 mln Swiss francs of notes.", newsdex.Place, []string{}},
		{"city adds its country", "TOKYO, March 3 - Prices rose.", newsdex.Place, []string{"东京", "日本"}},
		{"city, other state", "BIRMINGHAM, Ala., March 4 - Central Bancshares said profit rose.",
			newsdex.Place, []string{"阿拉巴马州", "美国"}},
		{"event names no place", "Since the Paris accord, the dollar has been stable. The Paris accord held.",
			newsdex.Place, []string{}},
		{"historical name", "West German officials met in Bonn on Monday.", newsdex.Place, []string{"德国", "波恩"}},
		{"pinyin of a county", "The plant in Zouping, Shandong province, will make parts.",
			newsdex.Place, []string{"邹平", "滨州", "山东", "中国"}},
		{"pinyin of a county needs China", "Anda Smith and Napo visited the Yuli gallery in Boston on Monday.",
			newsdex.Place, []string{"波士顿", "美国"}},
		{"headline capitals", "", newsdex.Place, []string{"日本", "美国"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newsdex.Article{Title: "Markets", Body: tc.body}
			if tc.body == "" {
				a = newsdex.Article{Title: "JAPAN TRADE SURPLUS WITH US RISES", Body: "Figures were released."}
			}
			got := extract(t, x, a).Of(tc.typ)
			if got == nil {
				got = []string{}
			}
			if !sameSet(got, tc.want) {
				t.Errorf("%s: %q, want %q", tc.typ, got, tc.want)
			}
		})
	}
}

// TestChineseRules checks the Chinese rules one pattern at a time.
func TestChineseRules(t *testing.T) {
	x := testExtractor(t)
	for _, tc := range []struct {
		name, body string
		typ        newsdex.EntityType
		want       []string
	}{
		{"legal form and place", "这家工厂属于山东宏和轻量化科技有限公司。", newsdex.Company, []string{"山东宏和轻量化科技有限公司"}},
		{"short form follows", "滨州华盛铝业有限公司扩产。华盛铝业负责人说，今年订单饱满。", newsdex.Company, []string{"滨州华盛铝业有限公司"}},
		{"brand and industry word", "华盛铝业与宏和签约。", newsdex.Company, []string{"华盛铝业"}},
		{"industry word alone is no company", "滨州铝业从创业之路走向科技之路，全力打造世界高端铝业基地。", newsdex.Company, []string{}},
		{"table alias", "魏桥集团与比亚迪签约。", newsdex.Company, []string{"魏桥创业集团", "比亚迪"}},
		{"bank branch", "中国农业银行滨州分行为当地企业推出贷款产品。", newsdex.Company, []string{"中国农业银行滨州分行", "中国农业银行"}},
		{"generic company", "该公司和子公司表示，上市公司业绩增长。", newsdex.Company, []string{}},
		{"government department", "山东省工业和信息化厅出台政策，滨州市发改委也表示支持。", newsdex.Org,
			[]string{"山东省工业和信息化厅", "滨州市发改委"}},
		{"ministry glued to a verb", "工业和信息化部将滨州列入名单。", newsdex.Org, []string{"工业和信息化部"}},
		{"institute", "由魏桥国科研究院牵头。", newsdex.Org, []string{"魏桥国科研究院"}},
		{"place committee", "北京市委召开会议，日本政府表示关注。", newsdex.Org, []string{"北京市委", "日本政府"}},
		{"photo credit", "生产线。（王健 摄影）", newsdex.Person, []string{"王健"}},
		{"title before a name", "本报记者陈陆军报道，国务委员罗干出席。", newsdex.Person, []string{"陈陆军", "罗干"}},
		{"dotted name", "司马义·艾买提出席会议。", newsdex.Person, []string{"司马义·艾买提"}},
		{"common words jieba tags nr", "培养高素质的干部队伍，他荣获一等奖。", newsdex.Person, []string{}},
		{"county in context", "走进邹平一家工厂，邹平的铝业闻名全国，邹平县城很美。", newsdex.Place, []string{"邹平", "滨州", "山东", "中国"}},
		{"common word that is a city", "白银价格上涨，白银期货交投活跃，白银库存下降。", newsdex.Place, []string{}},
		{"traditional script", "中國宏橋在雲南的項目。", newsdex.Company, []string{"中国宏桥"}},
		{"name with punctuation", "刚果（金）的铜矿，刚果（金）政府，刚果（金）", newsdex.Place, []string{"刚果(金)"}},
		{"name with a sign", "欧佩克+产油国同意减产。", newsdex.Org, []string{"OPEC+"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := extract(t, x, newsdex.Article{Body: tc.body}).Of(tc.typ)
			if got == nil {
				got = []string{}
			}
			if !sameSet(got, tc.want) {
				t.Errorf("%s: %q, want %q", tc.typ, got, tc.want)
			}
		})
	}
}

func sameSet(a, b []string) bool {
	return reflect.DeepEqual(setOf(a), setOf(b))
}

// TestAliasFiles: a user's alias file adds entities and aliases to the
// embedded tables, and a broken one is an error that names it.
func TestAliasFiles(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "mine.yaml")
	err := os.WriteFile(good, []byte(`
entities:
  - type: company
    zh: 宏和科技
    en: Honghe Technology
    aliases: [山东宏和轻量化科技有限公司, 宏和]
  - type: company
    zh: 魏桥创业集团          # adds an alias to an embedded entity
    aliases: [WQPG]
  - type: place
    zh: 魏桥镇
    en: Weiqiao Town
    level: county
    in: 邹平
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	x, err := New(Options{AliasFiles: []string{good}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		typ        newsdex.EntityType
		name, want string
	}{
		{newsdex.Company, "山东宏和轻量化科技有限公司", "宏和科技"},
		{newsdex.Company, "Honghe Technology", "宏和科技"},
		{newsdex.Company, "WQPG", "魏桥创业集团"},
		{newsdex.Company, "Weiqiao", "魏桥创业集团"},
		{newsdex.Place, "Weiqiao Town", "魏桥镇"},
	} {
		if got, _ := x.Resolve(tc.typ, tc.name); got != tc.want {
			t.Errorf("Resolve(%s, %q) = %q, want %q", tc.typ, tc.name, got, tc.want)
		}
	}
	e := extract(t, x, newsdex.Article{Body: "宏和负责人介绍，山东宏和轻量化科技有限公司在魏桥镇建厂，魏桥镇位于邹平，魏桥镇交通便利。"})
	if !setOf(e.Companies)["宏和科技"] || !setOf(e.Places)["邹平"] {
		t.Errorf("user table not used: %+v", e)
	}

	for _, tc := range []struct{ name, yaml, want string }{
		{"bad type", "entities:\n  - {type: thing, zh: 某物}\n", "type"},
		{"no name", "entities:\n  - {type: company}\n", "no key"},
		{"unknown place", "entities:\n  - {type: place, zh: 某镇, in: 不存在}\n", "not a place"},
		{"not yaml", "entities: [\n", "yaml"},
	} {
		p := filepath.Join(dir, tc.name+".yaml")
		if err := os.WriteFile(p, []byte(tc.yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := New(Options{AliasFiles: []string{p}})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want one mentioning %q", tc.name, err, tc.want)
		}
	}
	if _, err := New(Options{AliasFiles: []string{filepath.Join(dir, "missing.yaml")}}); err == nil {
		t.Error("a missing alias file is no error")
	}
}

// TestTables checks the embedded tables: every place lies in a known place,
// no two entities of one type share a key, and the gazetteer is as big as
// its README says.
func TestTables(t *testing.T) {
	x := testExtractor(t)
	counts := map[newsdex.EntityType]int{}
	levels := map[level]int{}
	for _, e := range x.tb.ents {
		counts[e.typ]++
		if e.typ == newsdex.Place {
			levels[e.level]++
			if e.names.EN == "" && e.names.ZH != "" {
				t.Errorf("place %s has no English name", e.key)
			}
		}
		if e.inKey != "" && e.in < 0 {
			t.Errorf("%s: in %s unresolved", e.key, e.inKey)
		}
	}
	t.Logf("entities: %v; places by level (county..area): %v", counts, levels)
	if levels[levelRegion] < 34 || levels[levelCity] < 330 || levels[levelCountry] < 180 {
		t.Errorf("gazetteer too small: %v", levels)
	}
	// Every Chinese province-level division adds 中国 (Hong Kong, Macao and
	// Taiwan are places of their own).
	for _, key := range []string{"山东", "北京", "广西", "新疆"} {
		id := x.tb.byKey[typeKey(newsdex.Place, key)]
		if in := x.tb.ents[id].in; in < 0 || x.tb.ents[in].key != "中国" {
			t.Errorf("%s does not lie in 中国", key)
		}
	}
}

// TestConcurrentExtract runs Extract from many goroutines (go test -race).
func TestConcurrentExtract(t *testing.T) {
	x := testExtractor(t)
	an := testAnalyzer(t)
	arts := readFixtureArticles(t)
	want := map[string]newsdex.Entities{}
	for id, a := range arts {
		want[id] = x.Extract(&a, an.Analyze(a.Title), an.Analyze(a.Body))
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id, a := range arts {
				if got := x.Extract(&a, an.Analyze(a.Title), an.Analyze(a.Body)); !reflect.DeepEqual(got, want[id]) {
					t.Errorf("%s: concurrent result differs", id)
				}
			}
		}()
	}
	wg.Wait()
}

func TestExtractNil(t *testing.T) {
	x := testExtractor(t)
	e := x.Extract(nil, nil, nil)
	for _, typ := range newsdex.EntityTypes {
		if len(e.Of(typ)) != 0 {
			t.Errorf("%s from nothing: %q", typ, e.Of(typ))
		}
	}
}

// FuzzExtract: any title and body give keys without duplicates or empty
// ones, and never a panic (go test -fuzz FuzzExtract ./index/entities/).
func FuzzExtract(f *testing.F) {
	for _, s := range []string{"", " ", "·", "（摄）", "(  摄影)", "有限公司", "集团有限公司", "和公司", "·张三·",
		"A & B Inc", "Bank of", "of Japan", "Mr.", "U.S.", "滨州市委员", "By\nJohn", "TOKYO, - ",
		"中国农业银行滨州分行为", "山东宏和轻量化科技有限公司…宏和", "魏桥\x00集团", "刚果（金）", "欧佩克+产油国",
		"梅赛德斯-奔驰公司", "比尔·盖茨说", "萨达姆·侯赛因表示", "俄通社-塔斯社报道", "TCL科技集团有限公司", "3M公司"} {
		f.Add(s, s)
	}
	x := testExtractor(f)
	an := testAnalyzer(f)
	f.Fuzz(func(t *testing.T, title, body string) {
		a := newsdex.Article{Title: title, Body: body, Author: title, Images: []newsdex.Image{{Caption: body}}}
		e := x.Extract(&a, an.Analyze(title), an.Analyze(body))
		for _, typ := range newsdex.EntityTypes {
			seen := map[string]bool{}
			for _, k := range e.Of(typ) {
				if strings.TrimSpace(k) == "" || seen[k] {
					t.Fatalf("%s keys %q: empty or repeated", typ, e.Of(typ))
				}
				seen[k] = true
			}
		}
	})
}
