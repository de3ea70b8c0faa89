using System.Xml.Linq;

namespace Enrichment.Core.Tests.Citations.Styles;

/// <summary>
/// Static checks over a CSL style: macros, terms, variables and types it refers to. Not a validator of the whole
/// schema: it answers the questions a hand-written style most often gets wrong.
/// </summary>
internal sealed class CslInspector
{
    private static readonly XNamespace Csl = Csl102.Namespace;

    // When a form is missing, CSL falls back along these chains (specification, "Terms").
    private static readonly Dictionary<string, string[]> FormFallbacks = new(StringComparer.Ordinal)
    {
        ["long"] = ["long"],
        ["short"] = ["short", "long"],
        ["verb"] = ["verb", "long"],
        ["verb-short"] = ["verb-short", "verb", "long"],
        ["symbol"] = ["symbol", "short", "long"],
    };

    private readonly XDocument _style;
    private readonly HashSet<(string Name, string Form)> _terms;

    public CslInspector(XDocument style, XDocument locale)
    {
        _style = style;
        _terms = [.. TermsOf(locale.Root!), .. _style.Descendants(Csl + "locale").SelectMany(TermsOf)];
    }

    public static IEnumerable<(string Name, string Form)> TermsOf(XElement localeRoot) =>
        localeRoot.Descendants(Csl + "term")
            .Select(t => ((string)t.Attribute("name")!, (string?)t.Attribute("form") ?? "long"));

    public IEnumerable<string> DefinedMacros =>
        _style.Root!.Elements(Csl + "macro").Select(m => (string)m.Attribute("name")!);

    public IEnumerable<string> ReferencedMacros =>
        _style.Descendants().Where(e => e.Name == Csl + "text" || e.Name == Csl + "key")
            .Select(e => (string?)e.Attribute("macro")).OfType<string>().Distinct(StringComparer.Ordinal);

    public IEnumerable<string> UndefinedMacros => ReferencedMacros.Except(DefinedMacros, StringComparer.Ordinal);

    public IEnumerable<string> UnusedMacros => DefinedMacros.Except(ReferencedMacros, StringComparer.Ordinal);

    public IEnumerable<string> DuplicateMacros =>
        DefinedMacros.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key);

    /// <summary>Every variable name the style mentions, in rendering elements and in conditions.</summary>
    public IEnumerable<string> UsedVariables =>
        _style.Descendants()
            .Where(e => e.Name.Namespace == Csl)
            .SelectMany(e => new[] { "variable", "is-numeric", "is-uncertain-date" }
                .Select(a => (string?)e.Attribute(a)).OfType<string>())
            .SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.Ordinal);

    public IEnumerable<string> UnknownVariables => UsedVariables.Where(v => !Csl102.Variables.Contains(v));

    public IEnumerable<string> UsedTypes =>
        _style.Descendants().Where(e => e.Name == Csl + "if" || e.Name == Csl + "else-if")
            .Select(e => (string?)e.Attribute("type")).OfType<string>()
            .SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.Ordinal);

    public IEnumerable<string> UnknownTypes => UsedTypes.Except(Csl102.Types, StringComparer.Ordinal);

    /// <summary>Terms the style renders, as "name (form)": by <c>text term</c> and by labels.</summary>
    public IEnumerable<(string Name, string Form)> UsedTerms
    {
        get
        {
            foreach (var text in _style.Descendants(Csl + "text"))
            {
                if ((string?)text.Attribute("term") is { } term)
                {
                    yield return (term, (string?)text.Attribute("form") ?? "long");
                }
            }

            foreach (var label in _style.Descendants(Csl + "label"))
            {
                var form = (string?)label.Attribute("form") ?? "long";
                // Inside cs:names a label names the role of the names' variables; elsewhere its own variable.
                var variables = label.Parent?.Name == Csl + "names"
                    ? (string?)label.Parent.Attribute("variable")
                    : (string?)label.Attribute("variable");
                foreach (var variable in (variables ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    // The locator's label depends on the cite's locator type, known only at render time.
                    if (variable != "locator")
                    {
                        yield return (variable, form);
                    }
                }
            }
        }
    }

    /// <summary>Elements, attributes and values CSL 1.0.2 does not have, as "element@attribute=value".</summary>
    public IEnumerable<string> SchemaProblems
    {
        get
        {
            foreach (var element in _style.Descendants())
            {
                var name = element.Name.LocalName;
                if (element.Name.Namespace != Csl || !CslSchema.Attributes.TryGetValue(name, out var allowed))
                {
                    yield return element.Name.ToString();
                    continue;
                }

                foreach (var attribute in element.Attributes().Where(a => !a.IsNamespaceDeclaration))
                {
                    var attributeName = attribute.Name.Namespace == XNamespace.Xml
                        ? "xml:" + attribute.Name.LocalName
                        : attribute.Name.LocalName;
                    if (!allowed.Contains(attributeName, StringComparer.Ordinal))
                    {
                        yield return $"{name}@{attributeName}";
                    }
                    else if ((CslSchema.ElementValues.TryGetValue((name, attributeName), out var values)
                                 || CslSchema.Values.TryGetValue(attributeName, out values))
                             && attribute.Value.Split(' ').Any(v => !values.Contains(v, StringComparer.Ordinal)))
                    {
                        yield return $"{name}@{attributeName}={attribute.Value}";
                    }
                }
            }
        }
    }

    /// <summary>
    /// Branches of a cs:choose with several children directly inside a group (or layout) with a delimiter.
    /// citeproc-js puts the delimiter between them; a strict reading of the specification gives the choose
    /// one slot. Wrapping the children in their own group makes both readings agree.
    /// </summary>
    public IEnumerable<string> BranchesRelyingOnOuterDelimiter =>
        _style.Descendants()
            .Where(e => (e.Name == Csl + "if" || e.Name == Csl + "else-if" || e.Name == Csl + "else")
                        && e.Elements().Count() > 1
                        && e.Parent?.Parent?.Attribute("delimiter") is not null)
            .Select(e => $"{e.Name.LocalName} in macro {(string?)e.Ancestors(Csl + "macro").FirstOrDefault()?.Attribute("name") ?? "(layout)"}");

    public IEnumerable<string> MissingTerms =>
        UsedTerms.Distinct()
            .Where(t => !FormFallbacks[t.Form].Any(form => _terms.Contains((t.Name, form))))
            .Select(t => $"{t.Name} ({t.Form})");
}
