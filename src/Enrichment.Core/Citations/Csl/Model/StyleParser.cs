using System.Xml.Linq;

namespace Enrichment.Core.Citations.Csl.Model;

/// <summary>Reads CSL XML elements into the compiled element tree (done once per style).</summary>
internal sealed class StyleParser
{
    private readonly Dictionary<string, MacroElement> _macros = new(StringComparer.Ordinal);
    private readonly List<TextElement> _macroCalls = [];

    public IReadOnlyDictionary<string, MacroElement> Macros => _macros;

    public void DeclareMacros(IEnumerable<XElement> macros)
    {
        foreach (var macro in macros)
        {
            var name = macro.Attribute("name")?.Value ?? "";
            _macros[name] = new MacroElement { Name = name };
        }

        foreach (var macro in macros)
        {
            _macros[macro.Attribute("name")?.Value ?? ""].Children = Children(macro);
        }
    }

    /// <summary>Links macro calls to macros once everything is read; an unknown macro renders nothing.</summary>
    public void ResolveMacros(IEnumerable<SortKey> sortKeys)
    {
        foreach (var call in _macroCalls)
        {
            call.Macro = _macros.TryGetValue(call.Name, out var m) ? m : new MacroElement { Name = call.Name };
        }

        foreach (var key in sortKeys)
        {
            if (key.MacroName is not null)
            {
                key.Macro = _macros.TryGetValue(key.MacroName, out var m) ? m : new MacroElement { Name = key.MacroName };
            }
        }
    }

    // Recursive (Children, Parse, Group, Choose, Names): bounded because StyleBounds.ReadXml refused XML
    // nested deeper than CslLimits.MaxElementDepth before this tree was built.
    public IReadOnlyList<Element> Children(XElement parent)
    {
        var list = new List<Element>();
        foreach (var child in parent.Elements())
        {
            var element = Parse(child);
            if (element is not null)
            {
                list.Add(element);
            }
        }

        return list;
    }

    public LayoutElement Layout(XElement layout) => new()
    {
        Children = Children(layout),
        Decor = ReadDecor(layout),
        Delimiter = layout.Attribute("delimiter")?.Value,
    };

    public Element? Parse(XElement e)
    {
        switch (e.Name.LocalName)
        {
            case "text":
                return Text(e);
            case "number":
                return new NumberElement
                {
                    Variable = Attr(e, "variable") ?? "",
                    Form = AttributeValues.ParseNumberForm(Attr(e, "form")),
                    Decor = ReadDecor(e),
                };
            case "label":
                return Label(e);
            case "date":
                return Date(e, localeDefinition: false);
            case "names":
                return Names(e);
            case "group":
                return new GroupElement { Children = Children(e), Delimiter = Attr(e, "delimiter"), Decor = ReadDecor(e) };
            case "choose":
                return Choose(e);
            default:
                return null;
        }
    }

    private TextElement Text(XElement e)
    {
        TextElement text;
        if (Attr(e, "macro") is { } macro)
        {
            text = new TextElement { Source = TextSource.Macro, Name = macro, Decor = ReadDecor(e) };
            _macroCalls.Add(text);
        }
        else if (Attr(e, "term") is { } term)
        {
            text = new TextElement
            {
                Source = TextSource.Term,
                Name = term,
                Form = Attr(e, "form") ?? "long",
                Plural = Attr(e, "plural") == "true",
                Decor = ReadDecor(e),
            };
        }
        else if (Attr(e, "value") is { } value)
        {
            text = new TextElement { Source = TextSource.Value, Name = value, Decor = ReadDecor(e) };
        }
        else
        {
            text = new TextElement
            {
                Source = TextSource.Variable,
                Name = Attr(e, "variable") ?? "",
                Form = Attr(e, "form") ?? "long",
                Decor = ReadDecor(e),
            };
        }

        return text;
    }

    private static LabelElement Label(XElement e) => new()
    {
        Variable = Attr(e, "variable"),
        Form = Attr(e, "form") ?? "long",
        Plural = AttributeValues.ParseLabelPlural(Attr(e, "plural")),
        Decor = ReadDecor(e),
    };

    public static Element ParseLocaleDate(XElement e) => Date(e, localeDefinition: true);

    private static DateElement Date(XElement e, bool localeDefinition)
    {
        var parts = new List<DatePartElement>();
        foreach (var p in e.Elements())
        {
            if (p.Name.LocalName == "date-part")
            {
                parts.Add(new DatePartElement
                {
                    Name = AttributeValues.ParseDatePartName(Attr(p, "name")),
                    Form = AttributeValues.ParseDatePartForm(Attr(p, "form")),
                    RangeDelimiter = Attr(p, "range-delimiter"),
                    Decor = ReadDecor(p),
                });
            }
        }

        return new DateElement
        {
            Variable = localeDefinition ? null : Attr(e, "variable"),
            Form = Attr(e, "form"),
            DateParts = AttributeValues.ParseDatePartsShown(Attr(e, "date-parts")),
            Delimiter = Attr(e, "delimiter"),
            Parts = parts,
            Decor = ReadDecor(e),
        };
    }

    private NamesElement Names(XElement e)
    {
        NameElement? name = null;
        EtAlElement? etAl = null;
        LabelElement? label = null;
        var labelBefore = false;
        IReadOnlyList<Element>? substitute = null;
        foreach (var child in e.Elements())
        {
            switch (child.Name.LocalName)
            {
                case "name":
                    name = Name(child);
                    break;
                case "et-al":
                    etAl = new EtAlElement { Term = Attr(child, "term") ?? "et-al", Decor = ReadDecor(child) };
                    break;
                case "label":
                    label = Label(child);
                    labelBefore = name is null;
                    break;
                case "substitute":
                    substitute = Children(child);
                    break;
            }
        }

        return new NamesElement
        {
            Variables = (Attr(e, "variable") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Name = name,
            EtAl = etAl,
            Label = label,
            // The label goes before the names only when it precedes a cs:name; without one, the
            // implied cs:name comes first.
            LabelBeforeName = labelBefore && name is not null,
            Substitute = substitute,
            Delimiter = Attr(e, "delimiter"),
            Decor = ReadDecor(e),
        };
    }

    private static NameElement Name(XElement e)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in e.Attributes())
        {
            attributes[a.Name.LocalName] = a.Value;
        }

        NamePartElement? family = null;
        NamePartElement? given = null;
        foreach (var part in e.Elements())
        {
            if (part.Name.LocalName != "name-part")
            {
                continue;
            }

            var p = new NamePartElement { Name = Attr(part, "name") ?? "", Decor = ReadDecor(part) };
            if (p.Name == "family")
            {
                family = p;
            }
            else if (p.Name == "given")
            {
                given = p;
            }
        }

        return new NameElement
        {
            Attributes = attributes,
            CountsNames = Attr(e, "form") == "count",
            Family = family,
            Given = given,
            Decor = ReadDecor(e),
        };
    }

    private ChooseElement Choose(XElement e)
    {
        var branches = new List<ChooseBranch>();
        foreach (var branch in e.Elements())
        {
            var conditions = new List<Condition>();
            var match = ConditionMatch.All;
            foreach (var a in branch.Attributes())
            {
                if (a.Name.LocalName == "match")
                {
                    match = AttributeValues.ParseMatch(a.Value);
                }
                else
                {
                    conditions.Add(new Condition(
                        AttributeValues.ParseConditionKind(a.Name.LocalName), a.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
                }
            }

            branches.Add(new ChooseBranch { Conditions = conditions, Match = match, Children = Children(branch) });
        }

        return new ChooseElement { Branches = branches };
    }

    public static IReadOnlyList<SortKey> Sort(XElement? sort)
    {
        if (sort is null)
        {
            return [];
        }

        var keys = new List<SortKey>();
        foreach (var key in sort.Elements())
        {
            keys.Add(new SortKey
            {
                Variable = Attr(key, "variable"),
                MacroName = Attr(key, "macro"),
                Descending = Attr(key, "sort") == "descending",
                NamesMin = IntAttr(key, "names-min"),
                NamesUseFirst = IntAttr(key, "names-use-first"),
                NamesUseLast = Attr(key, "names-use-last") is { } last ? last == "true" : null,
            });
        }

        return keys;
    }

    private static int? IntAttr(XElement e, string name) =>
        Attr(e, name) is { } v && int.TryParse(v, System.Globalization.NumberStyles.Integer,
            System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

    public static string? Attr(XElement e, string name) => e.Attribute(name)?.Value;

    public static Decor ReadDecor(XElement e)
    {
        if (!e.HasAttributes)
        {
            return Decor.None;
        }

        return new Decor
        {
            Prefix = Attr(e, "prefix"),
            Suffix = Attr(e, "suffix"),
            FontStyle = AttributeValues.ParseFontStyle(Attr(e, "font-style")),
            FontVariant = AttributeValues.ParseFontVariant(Attr(e, "font-variant")),
            FontWeight = AttributeValues.ParseFontWeight(Attr(e, "font-weight")),
            TextDecoration = AttributeValues.ParseTextDecoration(Attr(e, "text-decoration")),
            VerticalAlign = AttributeValues.ParseVerticalAlign(Attr(e, "vertical-align")),
            Display = Attr(e, "display"),
            TextCase = AttributeValues.ParseLetterCase(Attr(e, "text-case")),
            Quotes = Attr(e, "quotes") == "true",
            StripPeriods = Attr(e, "strip-periods") == "true",
        };
    }
}
