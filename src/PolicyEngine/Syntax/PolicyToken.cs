using Superpower.Display;

namespace PolicyEngine.Syntax;

/// <summary>
/// The token kinds of the policy language. Keywords carry <see cref="TokenAttribute.Category"/> "keyword" and
/// their spelling as <see cref="TokenAttribute.Example"/>; the grammar test reads both.
/// </summary>
public enum PolicyToken
{
    None,

    [Token(Description = "name")] Identifier,
    [Token(Description = "hyphenated name (such as a rule ID)")] HyphenatedName,
    [Token(Description = "number")] Number,
    [Token(Description = "string")] String,
    [Token(Description = "date")] Date,
    [Token(Description = "comment")] Comment,

    // Malformed input is still a token so that the parser can report it and go on.
    [Token(Description = "unexpected character")] BadCharacter,
    [Token(Description = "unterminated string")] UnterminatedString,
    [Token(Description = "unterminated comment")] UnterminatedComment,

    /// <summary>The braced C# block after <c>csharp</c>, braces included, kept verbatim.</summary>
    [Token(Description = "C# block")] ScriptBody,
    [Token(Description = "unterminated C# block")] UnterminatedScript,

    [Token(Category = "punctuation", Example = "{")] LBrace,
    [Token(Category = "punctuation", Example = "}")] RBrace,
    [Token(Category = "punctuation", Example = "(")] LParen,
    [Token(Category = "punctuation", Example = ")")] RParen,
    [Token(Category = "punctuation", Example = "[")] LBracket,
    [Token(Category = "punctuation", Example = "]")] RBracket,
    [Token(Category = "punctuation", Example = ",")] Comma,
    [Token(Category = "punctuation", Example = ".")] Dot,
    [Token(Category = "punctuation", Example = ":")] Colon,
    [Token(Category = "punctuation", Example = "=")] Assign,

    [Token(Category = "operator", Example = "==")] Equal,
    [Token(Category = "operator", Example = "!=")] NotEqual,
    [Token(Category = "operator", Example = "<")] Less,
    [Token(Category = "operator", Example = "<=")] LessOrEqual,
    [Token(Category = "operator", Example = ">")] Greater,
    [Token(Category = "operator", Example = ">=")] GreaterOrEqual,
    [Token(Category = "operator", Example = "+")] Plus,
    [Token(Category = "operator", Example = "-")] Minus,
    [Token(Category = "operator", Example = "*")] Star,
    [Token(Category = "operator", Example = "/")] Slash,
    [Token(Category = "operator", Example = "%")] Percent,
    [Token(Category = "operator", Example = "??")] Coalesce,

    // Declarations
    [Token(Category = "keyword", Example = "policy")] Policy,
    [Token(Category = "keyword", Example = "library")] Library,
    [Token(Category = "keyword", Example = "import")] Import,
    [Token(Category = "keyword", Example = "let")] Let,
    [Token(Category = "keyword", Example = "fn")] Fn,
    [Token(Category = "keyword", Example = "table")] Table,
    [Token(Category = "keyword", Example = "from")] From,
    [Token(Category = "keyword", Example = "key")] Key,
    [Token(Category = "keyword", Example = "rule")] Rule,
    [Token(Category = "keyword", Example = "classify")] Classify,
    [Token(Category = "keyword", Example = "otherwise")] Otherwise,
    [Token(Category = "keyword", Example = "score")] Score,
    [Token(Category = "keyword", Example = "test")] Test,
    [Token(Category = "keyword", Example = "csharp")] CSharp,

    // Rule clauses
    [Token(Category = "keyword", Example = "severity")] Severity,
    [Token(Category = "keyword", Example = "category")] Category,
    [Token(Category = "keyword", Example = "tags")] Tags,
    [Token(Category = "keyword", Example = "cite")] Cite,
    [Token(Category = "keyword", Example = "when")] When,
    [Token(Category = "keyword", Example = "unless")] Unless,
    [Token(Category = "keyword", Example = "require")] Require,
    [Token(Category = "keyword", Example = "because")] Because,
    [Token(Category = "keyword", Example = "remedy")] Remedy,
    [Token(Category = "keyword", Example = "message")] Message,

    // Test clauses
    [Token(Category = "keyword", Example = "given")] Given,
    [Token(Category = "keyword", Example = "set")] Set,
    [Token(Category = "keyword", Example = "unset")] Unset,
    [Token(Category = "keyword", Example = "expect")] Expect,

    // Expressions
    [Token(Category = "keyword", Example = "and")] And,
    [Token(Category = "keyword", Example = "or")] Or,
    [Token(Category = "keyword", Example = "not")] Not,
    [Token(Category = "keyword", Example = "implies")] Implies,
    [Token(Category = "keyword", Example = "in")] In,
    [Token(Category = "keyword", Example = "matches")] Matches,
    [Token(Category = "keyword", Example = "is")] Is,
    [Token(Category = "keyword", Example = "true")] True,
    [Token(Category = "keyword", Example = "false")] False,
    [Token(Category = "keyword", Example = "any")] Any,
    [Token(Category = "keyword", Example = "all")] All,
    [Token(Category = "keyword", Example = "none")] NoneOf,
    [Token(Category = "keyword", Example = "days")] Days,
    [Token(Category = "keyword", Example = "weeks")] Weeks,
    [Token(Category = "keyword", Example = "months")] Months,
    [Token(Category = "keyword", Example = "years")] Years,
}
