using System.Globalization;
using System.Text.RegularExpressions;
using Enrichment.Core.Citations.Csl.Model;
using Enrichment.Core.Citations.Csl.Output;
using Enrichment.Core.Records;

namespace Enrichment.Core.Citations.Csl.Rendering;

internal sealed partial class Engine
{
    private bool? _usesYearSuffix;

    /// <summary>Whether the style renders year-suffix itself (else it follows the first year).</summary>
    public bool UsesYearSuffix => _usesYearSuffix ??= MentionsYearSuffix();

    private bool MentionsYearSuffix()
    {
        var found = false;
        var scanned = new HashSet<MacroElement>();
        void Scan(IReadOnlyList<Element> elements)
        {
            foreach (var e in elements)
            {
                switch (e)
                {
                    case TextElement { Source: TextSource.Variable, Name: "year-suffix" }:
                        found = true;
                        break;
                    case TextElement { Source: TextSource.Macro, Macro: { } m }:
                        if (scanned.Add(m))
                        {
                            Scan(m.Children);
                        }

                        break;
                    case GroupElement g:
                        Scan(g.Children);
                        break;
                    case ChooseElement ch:
                        foreach (var b in ch.Branches)
                        {
                            Scan(b.Children);
                        }

                        break;
                    case NamesElement n when n.Substitute is not null:
                        Scan(n.Substitute);
                        break;
                }
            }
        }

        if (Style.Citation is not null)
        {
            Scan(Style.Citation.Layout.Children);
        }

        if (Style.Bibliography is not null)
        {
            Scan(Style.Bibliography.Layout.Children);
        }

        return found;
    }

    [GeneratedRegex(@"^\s*(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")]
    private static partial Regex IsoDate();

    private Node? RenderDate(DateElement d, Ctx c)
    {
        c.Called++;
        if (d.Variable is null || c.IsSuppressed(d.Variable))
        {
            return null;
        }

        var date = c.Item.GetDate(d.Variable);
        if (date is null)
        {
            return null;
        }

        date = Normalise(date);
        if (date.Parts.IsDefaultOrEmpty && date.Literal is null && date.Season is null)
        {
            return null;
        }

        if (c.SortMode)
        {
            // A sort key holds only the parts this date element shows.
            c.Rendered++;
            var shown = PartsFor(d);
            if (date.Parts.IsDefaultOrEmpty)
            {
                return Node.Leaf(SortKeyOf(date));
            }

            var showMonth = Shows(shown, DatePartName.Month);
            var showDay = Shows(shown, DatePartName.Day);
            return Node.Leaf(SortKeyOf(date with
            {
                Parts = [.. date.Parts.Select(p => new DatePart(p.Year, showMonth ? p.Month : null, showDay ? p.Day : null))],
            }));
        }

        if (date.Parts.IsDefaultOrEmpty)
        {
            var literal = date.Literal ?? (date.Season is { } s ? TermText($"season-{s:D2}") : null);
            if (literal is null)
            {
                return null;
            }

            c.Rendered++;
            c.Record(d.Variable);
            return Finish(Rich(literal), d.Decor);
        }

        var parts = PartsFor(d);
        var start = date.Parts[0];
        Node content;
        if (date.IsRange && date.Parts[1].Year == 0)
        {
            content = Node.Of([RenderParts(parts, start, date, d, c, 0, parts.Count), Node.Leaf("\u2013")]);
        }
        else if (date.IsRange && DifferingLevel(start, date.Parts[1], parts) is { } level)
        {
            content = RenderRange(parts, start, date.Parts[1], level, date, d, c);
        }
        else
        {
            content = RenderParts(parts, start, date, d, c, 0, parts.Count);
        }

        if (content.IsEmpty)
        {
            return null;
        }

        c.Rendered++;
        c.Record(d.Variable);
        return Finish(content, d.Decor);
    }

    /// <summary>Raw dates ("2004-05-01", "2004/2006") read into parts where they are plain ISO.</summary>
    public static DateValue Normalise(DateValue date)
    {
        if (!date.Parts.IsDefaultOrEmpty || date.Raw is null)
        {
            return date;
        }

        var pieces = date.Raw.Split('/');
        var parts = new List<DatePart>();
        foreach (var piece in pieces)
        {
            var m = IsoDate().Match(piece);
            if (!m.Success)
            {
                return date with { Literal = date.Literal ?? date.Raw };
            }

            parts.Add(new DatePart(
                int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : null,
                m.Groups[3].Success ? int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) : null));
        }

        return date with { Parts = [.. parts] };
    }

    public static string SortKeyOf(DateValue date)
    {
        if (date.Parts.IsDefaultOrEmpty)
        {
            return date.Literal ?? "";
        }

        static string One(DatePart p) =>
            (p.Year + 10000).ToString("D5", CultureInfo.InvariantCulture)
            + (p.Month ?? 0).ToString("D2", CultureInfo.InvariantCulture)
            + (p.Day ?? 0).ToString("D2", CultureInfo.InvariantCulture);

        return date.IsRange ? One(date.Parts[0]) + "-" + One(date.Parts[1]) : One(date.Parts[0]);
    }

    /// <summary>
    /// The delimiter between date-parts: a localized date (form set) takes the locale's, since the style's
    /// cs:date may not override it; else the style's own.
    /// </summary>
    private string? DelimiterFor(DateElement d)
    {
        if (d.Form is null)
        {
            return d.Delimiter;
        }

        PartsFor(d);
        return d.Resolved?.Delimiter;
    }

    private List<DatePartElement> PartsFor(DateElement d)
    {
        // Resolved once per element and locale; a benign race recomputes the same list.
        if (d.Resolved is { } cached && ReferenceEquals(cached.Locale, Locale))
        {
            return cached.Parts;
        }

        var result = new List<DatePartElement>();
        string? delimiter = null;
        if (d.Form is null)
        {
            result.AddRange(d.Parts);
        }
        else
        {
            var localeDate = Locale.Date(d.Form);
            if (localeDate is not null)
            {
                delimiter = localeDate.Delimiter;
                foreach (var part in localeDate.Parts)
                {
                    if (part.Name == DatePartName.Day && d.DateParts != DatePartsShown.YearMonthDay)
                    {
                        continue;
                    }

                    if (part.Name == DatePartName.Month && d.DateParts == DatePartsShown.Year)
                    {
                        continue;
                    }

                    DatePartElement? over = null;
                    foreach (var p in d.Parts)
                    {
                        if (p.Name == part.Name)
                        {
                            over = p;
                        }
                    }

                    result.Add(over is null ? part : new DatePartElement
                    {
                        Name = part.Name,
                        Form = over.Form ?? part.Form,
                        RangeDelimiter = over.RangeDelimiter ?? part.RangeDelimiter,
                        Decor = new Decor
                        {
                            FontStyle = over.Decor.FontStyle, FontVariant = over.Decor.FontVariant,
                            FontWeight = over.Decor.FontWeight, TextDecoration = over.Decor.TextDecoration,
                            VerticalAlign = over.Decor.VerticalAlign, TextCase = over.Decor.TextCase,
                            StripPeriods = over.Decor.StripPeriods,
                        }.Over(part.Decor),
                    });
                }
            }
        }

        d.Resolved = new ResolvedDateParts(Locale, result, delimiter);
        return result;
    }

    private static int? DifferingLevel(DatePart a, DatePart b, List<DatePartElement> parts)
    {
        if (a.Year != b.Year)
        {
            return 0;
        }

        if (a.Month != b.Month && Shows(parts, DatePartName.Month))
        {
            return 1;
        }

        if (a.Day != b.Day && Shows(parts, DatePartName.Day))
        {
            return 2;
        }

        return null;
    }

    private static bool Shows(List<DatePartElement> parts, DatePartName name)
    {
        foreach (var p in parts)
        {
            if (p.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    private static int LevelOf(DatePartName name) => name switch
    {
        DatePartName.Year => 0,
        DatePartName.Month => 1,
        DatePartName.Day => 2,
        _ => -1,
    };

    private Node RenderRange(List<DatePartElement> parts, DatePart start, DatePart end, int level, DateValue date, DateElement d, Ctx c)
    {
        // The run of parts at or below the differing level is rendered twice around the range delimiter.
        var first = -1;
        var last = -1;
        string delimiter = "\u2013";
        for (var i = 0; i < parts.Count; i++)
        {
            var l = LevelOf(parts[i].Name);
            if (l >= level)
            {
                if (first < 0)
                {
                    first = i;
                }

                last = i;
            }

            if (l == level && parts[i].RangeDelimiter is { } rd)
            {
                delimiter = rd;
            }
        }

        if (first < 0)
        {
            return RenderParts(parts, start, date, d, c, 0, parts.Count);
        }

        var kids = new List<Node>();
        AddIfAny(kids, RenderParts(parts, start, date, d, c, 0, first));
        var startRun = RenderParts(parts, start, date, d, c, first, last + 1, dropLastSuffix: true);
        var endRun = RenderParts(parts, end, date, d, c, first, last + 1, dropFirstPrefix: true);
        kids.Add(Node.Of([startRun, Node.Leaf(delimiter), endRun]));
        AddIfAny(kids, RenderParts(parts, end, date, d, c, last + 1, parts.Count));
        // The parts outside the range keep the date's delimiter from the range ("2–4 January 1999").
        return Node.Of(kids, DelimiterFor(d));
    }

    private static void AddIfAny(List<Node> kids, Node node)
    {
        if (!node.IsEmpty)
        {
            kids.Add(node);
        }
    }

    private Node RenderParts(List<DatePartElement> parts, DatePart p, DateValue date, DateElement d, Ctx c, int from, int to,
        bool dropLastSuffix = false, bool dropFirstPrefix = false)
    {
        // Drop the affixes where the range delimiter goes: on the last and first parts that print.
        var texts = new List<(DatePartElement Part, string Text)>();
        for (var i = from; i < to; i++)
        {
            var text = PartText(parts[i], p, date, c, d);
            if (!string.IsNullOrEmpty(text))
            {
                texts.Add((parts[i], text));
            }
        }

        var kids = new List<Node>();
        for (var k = 0; k < texts.Count; k++)
        {
            var (part, text) = texts[k];
            var decor = part.Decor;
            var dropSuffix = dropLastSuffix && k == texts.Count - 1;
            var dropPrefix = dropFirstPrefix && k == 0;
            if (dropSuffix || dropPrefix)
            {
                decor = new Decor
                {
                    Prefix = dropPrefix ? null : decor.Prefix,
                    Suffix = dropSuffix ? null : decor.Suffix,
                    FontStyle = decor.FontStyle, FontVariant = decor.FontVariant, FontWeight = decor.FontWeight,
                    TextDecoration = decor.TextDecoration, VerticalAlign = decor.VerticalAlign,
                    TextCase = decor.TextCase, StripPeriods = decor.StripPeriods,
                };
            }

            kids.Add(Finish(Node.Leaf(text), decor));
        }

        return Node.Of(kids, DelimiterFor(d));
    }

    private string? PartText(DatePartElement part, DatePart p, DateValue date, Ctx c, DateElement d)
    {
        switch (part.Name)
        {
            case DatePartName.Year:
            {
                string text;
                if (p.Year < 0)
                {
                    text = (-p.Year).ToString(CultureInfo.InvariantCulture) + (TermText("bc") ?? "BC");
                }
                else if (part.Form == DatePartForm.Short)
                {
                    text = (p.Year % 100).ToString("D2", CultureInfo.InvariantCulture);
                }
                else
                {
                    text = p.Year.ToString(CultureInfo.InvariantCulture);
                    if (p.Year is > 0 and < 1000)
                    {
                        text += TermText("ad") ?? "AD";
                    }
                }

                if (c.State.YearSuffix is not null && !UsesYearSuffix && d.Variable == "issued" && !c.RenderedYearSuffix)
                {
                    text += c.State.YearSuffix;
                    c.RenderedYearSuffix = true;
                }

                return text;
            }

            case DatePartName.Month:
            {
                var month = p.Month;
                if (month is null or 0)
                {
                    return date.Season is { } season && season is >= 1 and <= 4 && ReferenceEquals(p, date.Parts[0])
                        ? TermText($"season-{season:D2}")
                        : null;
                }

                if (month is >= 13 and <= 24)
                {
                    // 13-16 and 21-24 are the four seasons (and 17-20 as citeproc-js reads them).
                    return TermText($"season-{((month - 13) % 4) + 1:D2}");
                }

                if (month is < 1 or > 12)
                {
                    return null;
                }

                return part.Form switch
                {
                    DatePartForm.Numeric => month.Value.ToString(CultureInfo.InvariantCulture),
                    DatePartForm.NumericLeadingZeros => month.Value.ToString("D2", CultureInfo.InvariantCulture),
                    DatePartForm.Short => TermText($"month-{month:D2}", "short"),
                    _ => TermText($"month-{month:D2}"),
                };
            }

            case DatePartName.Day:
            {
                if (p.Day is not { } day || day == 0 || p.Month is null or > 12 or < 1)
                {
                    return null;
                }

                return part.Form switch
                {
                    DatePartForm.NumericLeadingZeros => day.ToString("D2", CultureInfo.InvariantCulture),
                    DatePartForm.Ordinal => Locale.LimitDayOrdinalsToDay1 && day != 1
                        ? day.ToString(CultureInfo.InvariantCulture)
                        : day + Numbers.Ordinal(day, this, Locale.Term($"month-{p.Month:D2}")?.Gender),
                    _ => day.ToString(CultureInfo.InvariantCulture),
                };
            }

            default:
                return null;
        }
    }
}
