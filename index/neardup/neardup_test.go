package neardup

import "testing"

func TestSyndicatedCopiesAreNearDuplicates(t *testing.T) {
	story := "项目由魏桥创业集团、创新金属等企业投资建设，设计年处理废铝50万吨，主要生产汽车用铝合金锭和铝棒。园区负责人介绍，再生铝生产能耗仅为原铝的5%左右，每生产1吨再生铝可减少二氧化碳排放约11吨。项目引进了激光光谱分选设备，可将废铝按合金牌号精确分类。按照规划，到2028年园区再生铝产能将达到150万吨。"
	a := "6月25日，滨州再生铝产业园首批三个项目集中投产。" + story + "滨州市有关负责人表示，将加快完善废铝回收网络。"
	b := "记者6月25日从滨州市获悉，当地再生铝产业园首批三个项目已正式投产。" + story + "据悉，园区二期项目计划于明年开工建设。"
	other := "伦敦金属交易所三个月期铝周二收涨1.2%，报每吨2650美元，因市场担忧几内亚铝土矿出口受阻，同时国内电解铝社会库存连续第三周下降，现货升水扩大至每吨120元。分析人士认为短期铝价仍有支撑，但下游开工率偏低限制涨幅。"
	sa, ok := Of(a)
	if !ok {
		t.Fatal("story too short")
	}
	sb, _ := Of(b)
	so, _ := Of(other)
	if s := Similarity(sa, sb); s < Threshold {
		t.Errorf("syndicated copies: similarity %.2f < %.2f", s, Threshold)
	}
	if s := Similarity(sa, so); s >= Threshold {
		t.Errorf("different stories: similarity %.2f", s)
	}
	shared := 0
	ka, kb := sa.BandKeys(), sb.BandKeys()
	for i := range ka {
		if ka[i] == kb[i] {
			shared++
		}
	}
	if shared == 0 {
		t.Error("copies share no band: the store would never compare them")
	}
	if _, ok := Of("短讯：铝价上涨"); ok {
		t.Error("a short text must not be fingerprinted")
	}
	back, err := Parse(sa.Bytes())
	if err != nil || back != sa {
		t.Errorf("round trip: %v", err)
	}
}
