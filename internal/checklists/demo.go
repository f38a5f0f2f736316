package checklists

import "github.com/pitstop-dev/pitstop/internal/enums"

// DemoRegular is a realistic regular (multi-point) inspection: 25
// questions in 5 groups, the tyres answered per position.
func DemoRegular(dealerID int) Template {
	type q struct {
		title  string
		price  float64
		labour int
		tyre   bool
		opts   []string
	}
	groups := []struct {
		name string
		qs   []q
	}{
		{"Under the bonnet", []q{
			{"Engine oil level and condition", 89, 30, false, []string{"Top up", "Oil change"}},
			{"Coolant level and antifreeze", 25, 10, false, []string{"Top up", "Replace coolant"}},
			{"Brake fluid (boiling point)", 69, 30, false, nil},
			{"Auxiliary drive belt", 120, 45, false, nil},
			{"Battery test", 160, 15, false, []string{"Charge", "Replace battery"}},
		}},
		{"Brakes", []q{
			{"Front brake pads", 180, 60, false, nil},
			{"Rear brake pads", 160, 60, false, nil},
			{"Front brake discs", 320, 90, false, nil},
			{"Rear brake discs", 290, 90, false, nil},
			{"Parking brake", 45, 20, false, nil},
		}},
		{"Tyres and wheels", []q{
			{"Tyre tread depth", 115, 15, true, []string{"Replace tyre", "Rotate"}},
			{"Tyre pressure (incl. TPMS)", 0, 10, false, nil},
			{"Wheel alignment", 89, 45, false, nil},
			{"Spare wheel or repair kit", 35, 5, false, nil},
			{"Wheel bolts torque", 0, 10, false, nil},
		}},
		{"Lights and visibility", []q{
			{"Headlights and dipped beam", 25, 10, false, nil},
			{"Brake and rear lights", 15, 10, false, nil},
			{"Windscreen (chips and cracks)", 95, 30, false, []string{"Chip repair", "Replace windscreen"}},
			{"Wiper blades", 45, 5, false, nil},
			{"Horn", 0, 5, false, nil},
		}},
		{"Underneath and test drive", []q{
			{"Exhaust system and mountings", 240, 60, false, nil},
			{"Shock absorbers", 380, 120, false, nil},
			{"Steering and ball joints", 210, 60, false, nil},
			{"Drive shaft boots", 140, 60, false, nil},
			{"Road test: noises and handling", 0, 15, false, nil},
		}},
	}
	t := Template{DealerID: dealerID, Name: "Multi-point inspection", ChecklistType: enums.ChecklistTypeRegular, Active: true, DisplayOrder: 1}
	for gi, g := range groups {
		for qi, x := range g.qs {
			t.Questions = append(t.Questions, Question{GroupName: g.name, GroupOrder: gi + 1, QuestionOrder: qi + 1,
				Title: x.title, DefaultPrice: x.price, DefaultLabourMinutes: x.labour, ContainsTyreElement: x.tyre, Options: x.opts})
		}
	}
	return t
}

// DemoQualityControl is the check after the repair, before the car goes back.
func DemoQualityControl(dealerID int) Template {
	t := Template{DealerID: dealerID, Name: "Quality control", ChecklistType: enums.ChecklistTypeQualityControl, Active: true, DisplayOrder: 2}
	for i, title := range []string{
		"All approved work carried out", "No warning lights on the dashboard", "Wheel bolts torqued",
		"Fluids topped up, no leaks", "Service indicator reset", "Car clean inside (covers removed)", "Test drive done",
	} {
		t.Questions = append(t.Questions, Question{GroupName: "Before hand-over", GroupOrder: 1, QuestionOrder: i + 1, Title: title})
	}
	return t
}
