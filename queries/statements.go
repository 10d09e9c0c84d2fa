package queries

// The statements, by the stage of a run that executes them. Each is read
// from its .sql file (or a "-- name:" section of one) when the package
// initialises; TestEveryFileUsed checks that no file is left unnamed here.

// Opening the database: the schema of SPEC §7, its migrations, the session.
var (
	Schema = get("schema")
	// Migrations[v] moves a database of schema version v to v+1; Schema then
	// creates what is missing.
	Migrations       = map[int]Query{1: get("migrate_2"), 2: get("migrate_3"), 3: get("migrate_4"), 4: get("migrate_5"), 5: get("migrate_6"), 6: get("migrate_7"), 7: get("migrate_8"), 8: get("migrate_9"), 9: get("migrate_10")}
	CreateMeta       = get("create_meta")
	SchemaVersion    = get("schema_version")
	SetSchemaVersion = get("set_schema_version")
	SetUTC           = get("set_utc")
	Begin            = get("begin")
	Commit           = get("commit")
	Rollback         = get("rollback")
	SetMemoryLimit   = tmpl("set_memory_limit") // data: the limit, e.g. "768MB"
	ProfileTo        = tmpl("profile_to")       // data: the profile file
	ProfileOff       = get("profile_off")
	Status           = get("status")
)

// Ingest: the macros, the scratch tables, each file's validated view.
var (
	Macros           = fillSpec(tmpl("macros")) // with the SPEC lists of package pricing
	IngestTables     = get("ingest_tables")
	InsertFile       = get("insert_file")
	CSVStage         = tmpl("csv_stage")
	CSVStagedCounts  = tmpl("csv_staged_counts")
	CSVStagedSource  = tmpl("csv_staged_source")
	CSVMalformed     = tmpl("csv_malformed")
	CSVRenumber      = tmpl("csv_renumber")
	MarkLongRow      = get("mark_long_row")
	ParquetSchema    = tmpl("parquet_schema")
	ParquetTypes     = tmpl("parquet_types")
	ParquetSource    = tmpl("parquet_source")
	Validate         = tmpl("validate")
	ValidateLedger   = tmpl("validate_ledger")
	InputView        = tmpl("input_view")
	ShardedInputView = tmpl("sharded_input_view")
	AccountView      = tmpl("account_view")
)

// Pricing the render logs: one scan, the pricing keys, the insert.
var (
	NoFilterPushdown = get("no_filter_pushdown")
	Threads          = get("threads")
	IDHashCollisions = get("id_hash_collisions")
	ResetOptimizers  = get("reset_optimizers")
	Scan             = get("scan")
	ScanOutcome      = get("scan_outcome")
	InsertRejects    = get("insert_rejects")
	PriceKeyCounts   = get("price_key_counts")
	PriceKeys        = get("price_keys")
	PricesTable      = get("prices_table")
	PricesDecimal    = get("prices_decimal")
	SeenBefore       = get("seen_before")
	InsertPriced     = get("insert_priced")
	DupRows          = get("dup_rows")
	DupRepair        = get("dup_repair")
	DupCheck         = get("dup_check")
	IDShared         = get("id_shared")
	DupSkip          = get("dup_skip")
	InsertLedger     = get("insert_ledger")
)

// Reconciling: duplicates, the scope, the findings, the totals.
var (
	InsertMalformed  = get("insert_malformed")
	InsertDuplicates = get("insert_duplicates")
	WindowDuplicates = get("window_duplicates")
	AnyLedger        = get("any_ledger")
	AnyCorrection    = get("any_correction")
	Scope            = tmpl("scope")
	Findings         = get("findings")
	Orphans          = get("orphans")
	ReportFindings   = get("report_findings")
	ReportSources    = get("report_sources")
	FindingsCount    = get("findings_count")
)

// Recording the run and counting where its rows ended.
var (
	RunCounts                  = get("run_counts")
	OtherShardRows             = get("other_shard_rows")
	OtherShardLedgerRows       = get("other_shard_ledger_rows")
	MalformedRowsPerFile       = get("malformed_rows_per_file")
	InputRowsPerFile           = get("input_rows_per_file")
	AllShardsInputRowsPerFile  = get("all_shards_input_rows_per_file")
	LedgerRowsPerFile          = get("ledger_rows_per_file")
	AllShardsLedgerRowsPerFile = get("all_shards_ledger_rows_per_file")
	InsertPricebook            = get("insert_pricebook")
	InsertRun                  = get("insert_run")
	SetShard                   = get("set_shard")
	InsertPeriod               = get("insert_period")
	InsertInputFile            = get("insert_input_file")
	InputFilesRead             = get("input_files_read")
	LastRun                    = get("last_run")
	MarkCommitted              = get("mark_committed")
	MarkSucceeded              = get("mark_succeeded")
	CommittedRuns              = get("committed_runs")
)

// The reports' figures.
var (
	ReportTotals        = get("report_totals")
	ReportCategories    = get("report_categories")
	ReportDays          = get("report_days")
	ReportDiscrepancies = get("report_discrepancies")
	ReportAccounts      = get("report_accounts")
	ReportLate          = get("report_late")
	ReportRejects       = get("report_rejects")
	ReportRejectReasons = get("report_reject_reasons")
	ReportResolved      = get("report_resolved")
	EarlierOrphans      = get("earlier_orphans")
)

// Re-rating a window with a new price book.
var (
	Rerate         = tmpl("rerate")
	RerateExamined = get("rerate_examined")
	RerateChanges  = get("rerate_changes")
	RerateTotals   = get("rerate_totals")
	InsertRerate   = get("insert_rerate_run")
	RerateOldBooks = get("rerate_old_books")
	RerateAccounts = get("rerate_accounts")
	RerateEvents   = get("rerate_events")
	WhatIfAccounts = get("whatif_accounts")
)

// Closes: the snapshot of what a --period run reported.
var (
	CloseSnapshot = tmpl("close_snapshot")
	CloseLate     = tmpl("close_late")
	CloseSign     = get("close_sign")
	CloseHash     = get("close_hash")
	CurrentClose  = get("current_close")
	CloseOf       = get("close_of")
	CloseCatsOf   = get("close_categories_of")
	CloseAccsOf   = get("close_accounts_of")
	CloseDaysOf   = get("close_days_of")
	CloseSrcsOf   = get("close_sources_of")
	CloseLateOf   = get("close_late_of")
	CloseBridgeOf = get("close_bridge_of")
	CloseAdjust   = get("close_adjustments")
	AdjustmentsOf = get("adjustments_of")

	// Combining shards: their databases into one.
	CombineAttach     = tmpl("combine_attach")
	CombineDetach     = tmpl("combine_detach")
	CombineFacts      = tmpl("combine_facts")
	CombineCopy       = tmpl("combine_copy")
	CombineDuplicates = get("combine_duplicates")
	CombineCrossCount = get("combine_cross_count")
	CombineShardRuns  = get("combine_shard_runs")
	CombineDupRows    = get("combine_dup_rows")
	CombineCounts     = get("combine_counts")
	CombineDupCount   = get("combine_dup_count")
	CombineRejects    = get("combine_rejects")
	CombineShardLines = get("combine_shards")

	// Patterns: the findings package patterns names the causes of.
	PatternFindings = get("pattern_findings")
	PatternDays     = get("pattern_days")
	PatternFiles    = get("pattern_files")
	InsertPattern   = get("insert_pattern")
	PatternsOf      = get("patterns_of")
	InsertBridge    = get("insert_close_bridge")
)

// explain: one event, how it was priced and what became of it.
var (
	ExplainEvent     = get("explain_event")
	ExplainPricebook = get("explain_pricebook")
	ExplainLedger    = get("explain_ledger")
	ExplainFindings  = get("explain_findings")
	ExplainOthers    = get("explain_others")
)

// export: the events as Parquet partitions.
var (
	ExportCopy  = tmpl("export_copy")  // data: Dir, Sharded
	ExportFiles = tmpl("export_files") // data: Files, the paths written
)

// gen: a generated CSV converted to typed Parquet.
var (
	GenToParquet       = tmpl("gen_to_parquet")        // data: Src, Dst
	GenLedgerToParquet = tmpl("gen_ledger_to_parquet") // data: Src, Dst
)
