package remotediagfake

import (
	"time"

	rd "github.com/pitstop-dev/pitstop/integrations/remotediag"
)

// Seed data: what a test can rely on.
const (
	// Connectors (all linked to the one customer, pincode DefaultPincode).
	ConnectorOnlineID    int64 = 910329423
	ConnectorOnlineUUID        = "5f3d760d-ade2-4a19-aea4-36e097678ae3"
	ConnectorSecondID    int64 = 910329424
	ConnectorSecondUUID        = "6ec2911c-a09a-11ee-8c90-0242ac120002"
	ConnectorOfflineID   int64 = 910329425
	ConnectorOfflineUUID       = "0d7c4b52-2c5e-4f3e-9a57-1f1b7f2d9c10"
	SeedConnectors             = 5

	// Vehicle tree: Ford > Focus > FOCUS II > two variants; Renault > Laguna > ... > one.
	MakeFord       int64 = 10
	GroupFocus     int64 = 234
	ModelFocusII   int64 = 23423
	VariantFocus14 int64 = 34234
	VariantFocus16 int64 = 34235
	MakeRenault    int64 = 20
	GroupLaguna    int64 = 301
	ModelLagunaIII int64 = 30100
	VariantLaguna  int64 = 30101
	VINFord              = "WF0AXXGCDA1234567" // -> Focus 1.4
	VINRenault           = "VF1KT1RG123456789" // -> Laguna 2.0
	VINUnknown           = "ZZZZZZZZZZZZZZZZZ" // valid shape, no vehicle

	// Products (for every vehicle), prices in EUR net of VAT.
	GroupMultimedia   int64 = 2691
	GroupDiagnostics  int64 = 2692
	ProductDiagnostic int64 = 52351 // 100.00, favourite, prerequisite 1
	ProductNavigation int64 = 52352 // 50.00
	ProductTowBar     int64 = 52353 // 75.00 + 15.00 OE fee, unattended, favourite, prerequisite 2
	BundleNavigation        = "e51c66a6-096b-412c-bd94-8c04ded544d5"
	Voucher10               = "PITSTOP10" // 10% off
	VAT                     = 0.21

	// A finished ticket of the Ford, with a note and an attachment.
	HistoricalTicketID int64 = 7014044
	PreparedTicketID         = "ca09a970-6519-4280-b6a6-65727e2894e3"

	// AccountOther (another customer of the provider): one online
	// connector plugged into the Renault, and a finished ticket of the Ford
	// made on it (the same car, serviced at another garage).
	OtherConnectorID         int64 = 920000001
	OtherConnectorUUID             = "9a1e3c55-7f0b-4d2e-8c61-3b2a9f4d7e01"
	OtherPincode                   = "5678"
	OtherHistoricalTicketID  int64 = 7014050
	OtherHistoricalReference       = "Other garage"
)

func eur(v float64) rd.Money {
	v = round2(v)
	return rd.Money{Currency: "EUR", Value: v, LocalizedValue: v, LocalizedCurrency: "EUR"}
}

func (s *Server) seed() {
	uuids := []string{ConnectorOnlineUUID, ConnectorSecondUUID, ConnectorOfflineUUID,
		"1b0f6a0e-6f5e-4a43-9d1e-2f3c4b5a6d01", "1b0f6a0e-6f5e-4a43-9d1e-2f3c4b5a6d02"}
	for i, u := range uuids {
		s.connectors = append(s.connectors, &rd.Connector{
			ID: ConnectorOnlineID + int64(i), UUID: u, IsOnline: i != 2, HasWifi: true,
			SoftwareVersion: 2, SupportsDoIP: i%2 == 0, HardwareType: "classic",
		})
		s.pincodes[u] = DefaultPincode
		s.connAccount[ConnectorOnlineID+int64(i)] = AccountMain
	}
	s.connectors = append(s.connectors, &rd.Connector{ID: OtherConnectorID, UUID: OtherConnectorUUID, IsOnline: true, HasWifi: true,
		SoftwareVersion: 2, HardwareType: "classic", VINNumber: VINRenault,
		VehiclePathString: "RENAULT#Laguna#LAGUNA III Grandtour (KT0/1)#2.0 16V Turbo 125KW F4R 811"})
	s.pincodes[OtherConnectorUUID] = OtherPincode
	s.connAccount[OtherConnectorID] = AccountOther
	s.makes = []rd.VehicleMake{{ID: MakeFord, Name: "Ford"}, {ID: MakeRenault, Name: "Renault"}}
	s.groups = []rd.VehicleModelGroup{
		{ID: GroupFocus, Name: "Focus", VehicleMakeID: MakeFord, VehicleMakeName: "Ford"},
		{ID: GroupLaguna, Name: "Laguna", VehicleMakeID: MakeRenault, VehicleMakeName: "Renault"},
	}
	s.models = []rd.VehicleModel{
		{ID: ModelFocusII, Name: "FOCUS - II (DA_, HCP, DP) (2004 - 2013)", ManufacturedFrom: "2004-07-01", ManufacturedTo: "2013-12-31",
			VehicleModelGroupID: GroupFocus, VehicleModelGroupName: "Focus", VehicleMakeID: MakeFord, VehicleMakeName: "Ford"},
		{ID: ModelLagunaIII, Name: "LAGUNA III Grandtour (KT0/1) (2007 - 2015)", ManufacturedFrom: "2007-10-01", ManufacturedTo: "2015-12-31",
			VehicleModelGroupID: GroupLaguna, VehicleModelGroupName: "Laguna", VehicleMakeID: MakeRenault, VehicleMakeName: "Renault", RequiresDoIP: false},
	}
	variant := func(id int64, name string, m rd.VehicleModel) rd.VehicleModelVariant {
		return rd.VehicleModelVariant{ID: id, Name: name, ManufacturedFrom: m.ManufacturedFrom, ManufacturedTo: m.ManufacturedTo,
			VehicleModelID: m.ID, VehicleModelName: m.Name, VehicleModelGroupID: m.VehicleModelGroupID,
			VehicleModelGroupName: m.VehicleModelGroupName, VehicleMakeID: m.VehicleMakeID, VehicleMakeName: m.VehicleMakeName}
	}
	s.variants = []rd.VehicleModelVariant{
		variant(VariantFocus14, "1.4 59KW ASDA, ASDB (2004 - 2012)", s.models[0]),
		variant(VariantFocus16, "1.6 74KW HWDA (2004 - 2012)", s.models[0]),
		variant(VariantLaguna, "2.0 16V Turbo 125KW F4R 811 (2007 - 2015)", s.models[1]),
	}
	s.vins[VINFord] = VariantFocus14
	s.vins[VINRenault] = VariantLaguna
	s.connectors[0].VINNumber = VINFord
	s.connectors[0].VehiclePathString = "FORD#Focus#FOCUS - II (DA_, HCP, DP)#1.4 59KW ASDA, ASDB"

	s.productGroups = []rd.ProductGroup{{ID: GroupMultimedia, Name: "Multimedia, Infotainment Settings"}, {ID: GroupDiagnostics, Name: "Diagnostics"}}
	mk := func(id, group int64, item, name, internal string, net float64, fav, unattended bool, oe float64, prereq ...int64) *product {
		p := &product{groupID: group, prereq: prereq}
		p.Product = rd.Product{ID: id, ItemNumber: rd.FlexString(item), Name: name, InternalName: internal,
			Description: name + " for the selected vehicle.", IsFavorite: fav, IsUnattended: unattended,
			GrossPrice: eur(net * (1 + VAT)), NetPrice: eur(net),
			TotalDiscount: rd.Discount{Type: "percentual", Price: eur(0)},
			Price:         &rd.LegacyPrice{PriceOriginal: net, PriceFinal: net, PartnerPrice: net, Currency: "EUR"}}
		if oe > 0 {
			m := eur(oe)
			p.OriginalEquipmentServiceFee = &m
		}
		return p
	}
	s.products = []*product{
		mk(ProductDiagnostic, GroupDiagnostics, "100022", "Remote Diagnostic Support", "Remote Diagnostic Support", 100, true, false, 0, 1),
		mk(ProductNavigation, GroupMultimedia, "100023", "Navigation Map Update", "Navigation Map Update", 50, false, false, 0),
		mk(ProductTowBar, GroupMultimedia, "100024", "Tow Bar Coding (Aftermarket Equipment)", "Tow Bar Coding", 75, true, true, 15, 2),
	}
	s.bundles = []rd.ProductBundle{{ID: BundleNavigation, ProductGroupID: GroupMultimedia, Name: "Navigation", Description: "Navigation",
		Reference: "01e2b527-c085-4d8a-ad02-715553d0becb",
		Blocks:    []rd.BundleBlock{{Optional: false, ProductIDs: [][]int64{{ProductNavigation}}}, {Optional: true, ProductIDs: [][]int64{{ProductTowBar}}}}}}
	s.prerequisites[ProductDiagnostic] = []rd.Prerequisite{{ID: 1, Name: "Battery charger", Description: "Check for battery",
		Question: "Did you secure the vehicle's power supply?", Required: true, Type: "boolean", Options: []rd.PrerequisiteOption{}}}
	s.prerequisites[ProductTowBar] = []rd.Prerequisite{{ID: 2, Name: "Tow bar side", Description: "Socket position",
		Question: "Where is the tow bar socket?", Required: true, Type: "string",
		Options: []rd.PrerequisiteOption{{ID: 1, ProductPrerequisiteID: 2, Value: "Left"}, {ID: 2, ProductPrerequisiteID: 2, Value: "Right"}}}}
	s.vouchers[Voucher10] = 10

	s.prepared = []rd.PreparedTicket{{ID: PreparedTicketID, VIN: VINFord, VehicleModelID: ModelFocusII, VehicleModelVariantID: VariantFocus14,
		ProductLines: []rd.PreparedProductLine{{ProductID: ProductDiagnostic, Name: "Remote Diagnostic Support"}}}}

	s.center = rd.ServiceCenter{Name: "Automotive diagnostics", PaymentByPrepaidWallet: false, PricingVersion: 1,
		PrimaryBackgroundColor: "#000000", Logo: "/file/path/header_logo.png", PrimaryColor: "#00aeef", CSATEnabled: true}
	s.centerState = rd.ServiceCenterState{State: rd.ServiceCenterOpened, Message: "We are open for service"}

	// A finished ticket of the Ford, with its price and a note.
	calc, _ := s.priceLocked(rd.PriceRequest{VehicleModelID: ModelFocusII, VehicleModelVariantID: VariantFocus14, ProductIDs: []int64{ProductDiagnostic}})
	created := time.Date(2021, 9, 8, 10, 3, 29, 0, time.UTC)
	s.historical[HistoricalTicketID] = historicalFrom(HistoricalTicketID, ConnectorOnlineID, rd.TicketStateClosed, VINFord,
		"Licence plate", "", calc, created, created.Add(40*time.Minute))
	s.historical[OtherHistoricalTicketID] = historicalFrom(OtherHistoricalTicketID, OtherConnectorID, rd.TicketStateClosed, VINFord,
		OtherHistoricalReference, "", calc, created.Add(24*time.Hour), created.Add(25*time.Hour))
	s.notes[HistoricalTicketID] = []rd.Note{{ID: "497f6eca-6276-4993-bfeb-53cbbbba6f08", TicketID: HistoricalTicketID,
		Value: "Fault codes read and cleared.", CreatedAt: stamp(created.Add(30 * time.Minute)), UpdatedAt: stamp(created.Add(30 * time.Minute)),
		Attachments: []rd.Attachment{{FileName: "fault-codes.pdf", FileReference: "/channel/7014044/fault-codes.pdf"}}}}
}
