package simhash

import "testing"

func TestNearDuplicates(t *testing.T) {
	story := "滨州市高端铝产业集群预计实现营业收入3950亿元，同比增长10%，铝原料就地转化为中高端铝制品的比例达到50.1%，比上年同期提升15.1个百分点。滨州是全国乃至全球重要的铝业生产基地，现有规模以上涉铝企业77家。"
	syndicated := "来源：滨州日报。" + story + "（责任编辑：王明）"
	other := "伦敦金属交易所三个月期铝周二收涨1.2%，报每吨2650美元，因市场担忧几内亚铝土矿出口受阻，同时国内电解铝社会库存连续第三周下降，现货升水扩大至每吨120元。分析人士认为短期铝价仍有支撑。"
	a, ok := Of(story)
	if !ok {
		t.Fatal("story too short")
	}
	b, _ := Of(syndicated)
	c, _ := Of(other)
	if d := Distance(a, b); d > NearDuplicate {
		t.Errorf("syndicated copy is %d bits away, want <= %d", d, NearDuplicate)
	}
	if d := Distance(a, c); d <= NearDuplicate {
		t.Errorf("different story only %d bits away", d)
	}
	if _, ok := Of("短讯"); ok {
		t.Error("a short text must not be fingerprinted")
	}
}
