namespace PolicyEngine.Diagnostics;

/// <summary>
/// Every diagnostic the engine can report. IDs are stable and never reused: a retired ID stays here
/// as a comment. Every ID is documented in docs/diagnostics.md (a test checks it).
/// </summary>
public static class DiagnosticDescriptors
{
    private const string Syntax = "Syntax";
    private const string Semantics = "Semantics";
    private const string Descriptor = "Descriptor";
    private const string Evaluation = "Evaluation";
    private const string Usage = "Usage";
    private const string Limits = "Limits";
    private const string Configuration = "Configuration";
    private const string Importer = "Importer";
    private const string Scripts = "Scripts";

    private static DiagnosticDescriptor Error(string id, string title, string format, string category) =>
        new(id, title, format, category, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Warning(string id, string title, string format, string category) =>
        new(id, title, format, category, DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Info(string id, string title, string format, string category) =>
        new(id, title, format, category, DiagnosticSeverity.Info);

    // ---- PE0001–PE0099: syntax -------------------------------------------------------------
    public static readonly DiagnosticDescriptor UnexpectedCharacter =
        Error("PE0001", "Unexpected character", "Unexpected character '{0}'", Syntax);
    public static readonly DiagnosticDescriptor UnterminatedString =
        Error("PE0002", "Unterminated string", "Unterminated string literal; add a closing '\"'", Syntax);
    public static readonly DiagnosticDescriptor SyntaxError =
        Error("PE0003", "Syntax error", "Syntax error: {0}", Syntax);
    public static readonly DiagnosticDescriptor NestingTooDeep =
        Error("PE0004", "Nesting too deep", "Expression nesting is deeper than the limit of {0} levels", Limits);
    public static readonly DiagnosticDescriptor InvalidNumber =
        Error("PE0005", "Invalid number", "'{0}' is not a valid number", Syntax);
    public static readonly DiagnosticDescriptor InvalidDate =
        Error("PE0006", "Invalid date", "'{0}' is not a valid ISO date (YYYY-MM-DD)", Syntax);
    public static readonly DiagnosticDescriptor InvalidEscape =
        Error("PE0007", "Invalid escape sequence", "Invalid escape sequence '\\{0}' in string", Syntax);
    public static readonly DiagnosticDescriptor MissingDeclaration =
        Error("PE0008", "Missing policy declaration", "A policy file must contain one 'policy' or 'library' declaration", Syntax);
    public static readonly DiagnosticDescriptor UnterminatedComment =
        Error("PE0009", "Unterminated comment", "Unterminated block comment; add '*/'", Syntax);
    public static readonly DiagnosticDescriptor DuplicateClause =
        Error("PE0010", "Duplicate clause", "Rule '{0}' has more than one '{1}' clause", Syntax);
    public static readonly DiagnosticDescriptor MissingRequire =
        Error("PE0011", "Rule without requirement", "Rule '{0}' has no 'require' clause", Syntax);
    public static readonly DiagnosticDescriptor UnknownSeverity =
        Error("PE0012", "Unknown severity", "'{0}' is not a severity; use error, warning or info", Syntax);
    public static readonly DiagnosticDescriptor RulesInLibrary =
        Error("PE0013", "Rule in a library", "A library cannot declare rules; declare '{0}' in a policy", Syntax);
    public static readonly DiagnosticDescriptor UnterminatedInterpolation =
        Error("PE0014", "Bad interpolation", "Unterminated '{{' in message; write '{{{{' for a literal brace", Syntax);

    // ---- PE0100–PE0199: names, types and semantics ------------------------------------------
    public static readonly DiagnosticDescriptor UnknownProperty =
        Error("PE0100", "Unknown descriptor property", "'{0}' is not a property of {1}{2}", Semantics);
    public static readonly DiagnosticDescriptor UndefinedName =
        Error("PE0101", "Undefined name", "The name '{0}' is not defined{1}", Semantics);
    public static readonly DiagnosticDescriptor TypeMismatch =
        Error("PE0102", "Type mismatch", "{0}", Semantics);
    public static readonly DiagnosticDescriptor DuplicateRuleId =
        Error("PE0103", "Duplicate rule ID", "Rule ID '{0}' is already declared at {1}", Semantics);
    public static readonly DiagnosticDescriptor DuplicateDefinition =
        Error("PE0104", "Duplicate definition", "'{0}' is already defined at {1}", Semantics);
    public static readonly DiagnosticDescriptor ImportNotFound =
        Error("PE0105", "Import not found", "Cannot import '{0}': file not found", Semantics);
    public static readonly DiagnosticDescriptor ImportCycle =
        Error("PE0106", "Import cycle", "Import cycle: {0}", Semantics);
    public static readonly DiagnosticDescriptor ConstantCondition =
        Warning("PE0107", "Constant condition", "This condition is always {0}", Semantics);
    public static readonly DiagnosticDescriptor RecursiveDefinition =
        Error("PE0108", "Recursive definition", "'{0}' refers to itself ({1}); definitions must not be recursive", Semantics);
    public static readonly DiagnosticDescriptor WrongArgumentCount =
        Error("PE0109", "Wrong number of arguments", "'{0}' takes {1} argument(s) but is given {2}", Semantics);
    public static readonly DiagnosticDescriptor UnknownFunction =
        Error("PE0110", "Unknown function", "There is no function '{0}'{1}", Semantics);
    public static readonly DiagnosticDescriptor InvalidRegex =
        Error("PE0111", "Invalid regular expression", "Invalid regular expression: {0}", Semantics);
    public static readonly DiagnosticDescriptor ValueNotInEnum =
        Error("PE0112", "Value not allowed", "'{0}' is not an allowed value of {1}; allowed: {2}", Semantics);
    public static readonly DiagnosticDescriptor UnknownRule =
        Error("PE0113", "Unknown rule", "There is no rule '{0}' in this policy{1}", Semantics);
    public static readonly DiagnosticDescriptor TableLoadFailed =
        Error("PE0114", "Table cannot be loaded", "Cannot load table '{0}': {1}", Semantics);
    public static readonly DiagnosticDescriptor UnknownColumn =
        Error("PE0115", "Unknown table column", "Table '{0}' has no column '{1}'{2}", Semantics);
    public static readonly DiagnosticDescriptor ObjectNotValue =
        Error("PE0116", "Object used as a value", "'{0}' is an object; use one of its properties ({1}) or known({0})", Semantics);
    public static readonly DiagnosticDescriptor ImportedFileHasErrors =
        Error("PE0117", "Imported file has errors", "Imported file '{0}' has errors", Semantics);
    public static readonly DiagnosticDescriptor TestDescriptorNotFound =
        Warning("PE0118", "Test descriptor not found", "Test descriptor '{0}' cannot be read: {1}", Semantics);
    public static readonly DiagnosticDescriptor UnknownOutcome =
        Error("PE0119", "Unknown outcome", "'{0}' is not an outcome; use pass, fail, unknown, not_applicable, error or waived", Semantics);
    public static readonly DiagnosticDescriptor MissingCitation =
        Warning("PE0120", "Rule without citation", "Rule '{0}' does not cite the clause it encodes; add 'cite \"...\"'", Semantics);
    // PE0121 was drafted for unknown classification names and never reported (they are PE0101); not reused.
    public static readonly DiagnosticDescriptor RuleReferenceCycle =
        Error("PE0122", "Rule outcome cycle", "Outcome references form a cycle: {0}", Semantics);
    public static readonly DiagnosticDescriptor HyphenatedName =
        Error("PE0123", "Hyphenated name", "'{0}' is read as one name; put spaces around '-' to subtract", Semantics);
    public static readonly DiagnosticDescriptor NotAList =
        Error("PE0124", "Not a list", "'{0}' is {1}, not a list", Semantics);
    public static readonly DiagnosticDescriptor InvalidTestTarget =
        Error("PE0125", "Invalid test expectation", "{0}", Semantics);
    public static readonly DiagnosticDescriptor DuplicateTestName =
        Warning("PE0126", "Duplicate test name", "Another test is already named \"{0}\"", Semantics);
    public static readonly DiagnosticDescriptor ImportedRulesIgnored =
        Warning("PE0127", "Rules of an imported policy are not evaluated", "Rule '{0}' is in an imported file; imports bring definitions, not rules (make the file a library, or add it to the pack)", Semantics);
    public static readonly DiagnosticDescriptor ConflictingMetadata =
        Warning("PE0128", "Repeated metadata", "'{0}' is already given as \"{1}\" in this declaration; the first value is kept", Semantics);

    // ---- PE0200–PE0299: descriptors -----------------------------------------------------------
    public static readonly DiagnosticDescriptor MalformedDescriptor =
        Error("PE0200", "Malformed descriptor", "The descriptor is not valid {0}: {1}", Descriptor);
    public static readonly DiagnosticDescriptor UnknownDescriptorProperty =
        Warning("PE0201", "Unknown descriptor property", "'{0}' is not in the descriptor schema{1}", Descriptor);
    public static readonly DiagnosticDescriptor DescriptorTypeMismatch =
        Error("PE0202", "Descriptor value has the wrong type", "'{0}' should be {1} but is {2}", Descriptor);
    public static readonly DiagnosticDescriptor DescriptorEnumValue =
        Error("PE0203", "Descriptor value not allowed", "'{0}' is \"{1}\", which is not one of: {2}", Descriptor);
    public static readonly DiagnosticDescriptor DescriptorUnreadable =
        Error("PE0204", "Descriptor cannot be read", "Cannot read descriptor '{0}': {1}", Descriptor);
    public static readonly DiagnosticDescriptor DescriptorInvalidDate =
        Error("PE0205", "Descriptor date invalid", "'{0}' is \"{1}\", which is not an ISO date (YYYY-MM-DD)", Descriptor);
    public static readonly DiagnosticDescriptor DescriptorNotObject =
        Error("PE0206", "Descriptor is not an object", "A descriptor must be a JSON or YAML object, not {0}", Descriptor);
    public static readonly DiagnosticDescriptor DescriptorMissingRequired =
        Error("PE0207", "Descriptor lacks a required property", "The descriptor has no '{0}'", Descriptor);

    // ---- PE0300–PE0399: evaluation ------------------------------------------------------------
    public static readonly DiagnosticDescriptor RuntimeError =
        Error("PE0300", "Runtime error", "Rule '{0}' failed at run time: {1}", Evaluation);

    // ---- PE0400–PE0499: command line and files ------------------------------------------------
    public static readonly DiagnosticDescriptor PolicyNotFound =
        Error("PE0400", "Policy not found", "Cannot read policy '{0}': {1}", Usage);
    public static readonly DiagnosticDescriptor NoPolicyFiles =
        Error("PE0401", "No policy files", "'{0}' contains no .policy files", Usage);
    public static readonly DiagnosticDescriptor InvalidArgument =
        Error("PE0402", "Invalid argument", "{0}", Usage);
    public static readonly DiagnosticDescriptor FileTooLarge =
        Error("PE0403", "File too large", "'{0}' is {1} bytes, over the limit of {2}", Limits);

    // ---- PE0500–PE0599: importers (other formats → descriptor) ---------------------------------
    public static readonly DiagnosticDescriptor ImportSourceMalformed =
        Error("PE0500", "Import source malformed", "Cannot import '{0}': it is not valid {1}: {2}", Importer);
    public static readonly DiagnosticDescriptor ImportSchemaViolation =
        Error("PE0501", "Import source breaks its schema", "Not a valid {0} file: {1}", Importer);
    public static readonly DiagnosticDescriptor ImportReadAsTool =
        Warning("PE0502", "Imported the way the source tool reads it", "{0}", Importer);
    public static readonly DiagnosticDescriptor ImportValueLeftOut =
        Info("PE0503", "Imported value left out", "'{0}' is left out of the descriptor: {1}", Importer);

    // ---- PE0600–PE0699: configuration (policyengine.json) ---------------------------------------
    public static readonly DiagnosticDescriptor ConfigMalformed =
        Error("PE0600", "Configuration malformed", "The configuration is not valid JSON: {0}", Configuration);
    public static readonly DiagnosticDescriptor ConfigInvalid =
        Error("PE0601", "Configuration value invalid", "{0}", Configuration);
    public static readonly DiagnosticDescriptor ConfigUnknownRule =
        Warning("PE0602", "Configuration names an unknown rule", "No pack in this run has a rule or category '{0}'{1}", Configuration);
    public static readonly DiagnosticDescriptor WaiverExpired =
        Warning("PE0603", "Waiver expired", "The waiver of {0} for '{1}' (owner {2}) expired on {3} and no longer applies", Configuration);
    public static readonly DiagnosticDescriptor WaiverExpiresSoon =
        Info("PE0604", "Waiver expires soon", "The waiver of {0} for '{1}' (owner {2}) expires on {3}, in {4} days", Configuration);

    // ---- PE0700–PE0799: C# script functions ------------------------------------------------------
    public static readonly DiagnosticDescriptor ScriptsNotAllowed =
        Error("PE0700", "Scripts are not allowed", "'{0}' is a C# script, and scripts are off; run with --allow-scripts or set \"allowScripts\": true in policyengine.json", Scripts);
    public static readonly DiagnosticDescriptor ScriptCompileError =
        Error("PE0701", "Script does not compile", "C# {0}: {1}", Scripts);
    public static readonly DiagnosticDescriptor ScriptForbiddenApi =
        Error("PE0702", "Script uses a forbidden API", "'{0}' is not allowed in scripts: {1}", Scripts);
    public static readonly DiagnosticDescriptor ScriptDynamic =
        Error("PE0703", "Script uses dynamic", "'dynamic' is not allowed in scripts: it binds at run time, past the checks", Scripts);
    public static readonly DiagnosticDescriptor ScriptUnsafe =
        Error("PE0704", "Script uses unsafe code", "Unsafe code is not allowed in scripts: {0}", Scripts);
    public static readonly DiagnosticDescriptor ScriptNativeCode =
        Error("PE0705", "Script declares native code", "P/Invoke and extern code are not allowed in scripts: {0}", Scripts);
    public static readonly DiagnosticDescriptor ScriptForbiddenConstruct =
        Error("PE0706", "Script uses a forbidden construct", "{0} is not allowed in scripts{1}", Scripts);
    public static readonly DiagnosticDescriptor UnterminatedScript =
        Error("PE0707", "Unterminated C# block", "The C# block's '{{' has no matching '}}'", Syntax);
    public static readonly DiagnosticDescriptor ScriptSignature =
        Error("PE0708", "Script function signature", "{0}", Scripts);
    public static readonly DiagnosticDescriptor ScriptHostUnavailable =
        Error("PE0709", "Scripts cannot be compiled", "Cannot compile the script '{0}': {1}", Scripts);
    // ---- PE0800–PE0899: limits (PE0004 and PE0403 are limits too) ------------------------------
    public static readonly DiagnosticDescriptor TooManyRules =
        Error("PE0800", "Too many rules", "The pack has more rules than the limit of {0}", Limits);
    public static readonly DiagnosticDescriptor ListTooLong =
        Error("PE0801", "List too long", "The list has more items than the limit of {0}", Limits);
    public static readonly DiagnosticDescriptor DescriptorTooDeep =
        Error("PE0802", "Descriptor nested too deeply", "The {0} nests deeper than the limit of {1} levels", Limits);
    public static readonly DiagnosticDescriptor RegexTimedOut =
        Error("PE0803", "Regular expression over its time limit", "Rule '{0}' on '{1}': matching /{2}/ took longer than the limit of {3} ms", Limits);
    public static readonly DiagnosticDescriptor ExpansionTooLarge =
        Error("PE0804", "Functions expand too far", "Expanding '{0}' here makes the pack larger than the limit of {1} expression nodes; compute the repeated part once with a let", Limits);

    /// <summary>All descriptors, in ID order (reflection keeps this list and the fields in step).</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
        typeof(DiagnosticDescriptors).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
}
