package report

// Sheet and column names as staff see them in Excel (SPEC §3). Readers match
// them tolerantly (see package report/parse, NormalizeName); writers use them
// verbatim.
const (
	// plan.xlsx
	SheetDistricts  = "อำเภอ"
	SheetBudget     = "งบประมาณ"
	SheetTargets    = "เป้าหมายเบิกจ่าย"
	SheetBMNTargets = "เป้าหมาย จปฐ"
	SheetCalendar   = "ปฏิทินรายงาน"

	// district submission
	SheetInfo        = "ข้อมูลอำเภอ"
	SheetDisbursed   = "เบิกจ่าย"
	SheetBMN         = "จปฐ"
	SheetInstruction = "คำอธิบาย" // written by lwc template; ignored by readers

	// reports.xlsx
	SheetRegister = "ทะเบียนรับ"

	// contacts.xlsx
	SheetContacts = "ทำเนียบ"
)

// Column headers and info labels.
const (
	ColDistrictCode = "รหัสอำเภอ"
	ColDistrictName = "ชื่ออำเภอ"
	ColProjectCode  = "รหัสโครงการ"
	ColProjectName  = "ชื่อโครงการ"
	ColWorkGroup    = "กลุ่มงาน"
	ColExpenseType  = "ประเภทรายจ่าย"
	ColAllocated    = "งบที่ได้รับจัดสรร"
	ColQ1           = "ไตรมาส 1"
	ColQ2           = "ไตรมาส 2"
	ColQ3           = "ไตรมาส 3"
	ColQ4           = "ไตรมาส 4"
	ColHouseholds   = "ครัวเรือนเป้าหมาย"
	ColBMNStart     = "เริ่มจัดเก็บ"
	ColCollectBy    = "กำหนดจัดเก็บแล้วเสร็จ"
	ColRecordBy     = "กำหนดบันทึกแล้วเสร็จ"
	ColReportCode   = "รหัสรายงาน"
	ColReportName   = "ชื่อรายงาน"
	ColDue          = "กำหนดส่ง"

	LabelDistrictCode = "รหัสอำเภอ"
	LabelDistrictName = "ชื่ออำเภอ"
	LabelAsOf         = "ข้อมูล ณ วันที่"
	LabelReporter     = "ผู้รายงาน"
	LabelPhone        = "โทรศัพท์"

	ColCommitted   = "ก่อหนี้ผูกพัน"
	ColDisbursed   = "เบิกจ่ายสะสม"
	ColNote        = "หมายเหตุ"
	ColSubDistrict = "ตำบล"
	ColCollected   = "จัดเก็บแล้ว"
	ColRecorded    = "บันทึกแล้ว"

	ColReceived = "วันที่รับ"

	ColFullName = "ชื่อ-สกุล"
	ColPosition = "ตำแหน่ง"
	ColEmail    = "อีเมล"
	ColPhone    = "โทรศัพท์"
	ColReceives = "รับ"

	// Expense types and the overall target row.
	ExpenseCurrent    = "ประจำ"
	ExpenseInvestment = "ลงทุน"
	ExpenseOverall    = "ภาพรวม"

	// Values of the contacts' รับ column.
	ReceivesBulletin = "จดหมายข่าว"
	ReceivesNotices  = "หนังสือแจ้งเตือน"
	ReceivesCopy     = "สำเนา"
	ReceivesAll      = "ทั้งหมด"

	// TotalPrefix starts the first text cell of a totals row.
	TotalPrefix = "รวม"
)

// Optional plan sheet of sub-districts (not in SPEC §3.1; added so that lwc
// template can pre-fill the จปฐ sheet).
const SheetSubDistricts = "ตำบล"
