using System.Xml;
using System.Xml.Linq;

namespace Enrichment.Core.Citations.Csl.Model;

/// <summary>
/// The checks that make a compiled style safe to render: bounded size, bounded element nesting (also through
/// macro calls) and no macro that calls itself. Parsing and rendering recurse over the style tree; these
/// checks are what bound that recursion, so they run before either.
/// </summary>
internal static class StyleBounds
{
    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        // A style needs no DTD; refusing one also refuses entity expansion.
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreWhitespace = false,
    };

    /// <summary>Reads style XML into a tree, refusing oversized or too deeply nested XML before the tree is built.</summary>
    public static XElement ReadXml(string xml, CslLimits limits)
    {
        if (xml.Length > limits.MaxStyleBytes || System.Text.Encoding.UTF8.GetByteCount(xml) > limits.MaxStyleBytes)
        {
            throw new FormatException($"The CSL style is larger than the limit of {limits.MaxStyleBytes} bytes.");
        }

        try
        {
            // A streaming pass first: the reader keeps no tree, so depth is checked before anything recurses.
            using (var reader = XmlReader.Create(new StringReader(xml), ReaderSettings))
            {
                while (reader.Read())
                {
                    if (reader.NodeType == XmlNodeType.Element && reader.Depth >= limits.MaxElementDepth)
                    {
                        throw TooDeep(limits, "");
                    }
                }
            }

            using var treeReader = XmlReader.Create(new StringReader(xml), ReaderSettings);
            return XElement.Load(treeReader, LoadOptions.PreserveWhitespace);
        }
        catch (XmlException ex)
        {
            throw new FormatException("Not a CSL style: " + ex.Message, ex);
        }
    }

    /// <summary>
    /// Refuses macro cycles (direct or through other macros; reached from a layout, a sort key or not at all) and
    /// element nesting beyond the limit once macro calls are expanded. Macros are visited with an explicit
    /// stack, so a long chain of macros cannot overflow it either.
    /// </summary>
    public static void CheckMacros(IEnumerable<MacroElement> macros, IEnumerable<ModeElement?> modes, CslLimits limits)
    {
        var heights = new Dictionary<MacroElement, int>(ReferenceEqualityComparer.Instance);
        foreach (var macro in macros)
        {
            MacroHeight(macro, heights, limits);
        }

        foreach (var mode in modes)
        {
            if (mode is null)
            {
                continue;
            }

            // style / citation / layout: the layout's children sit at depth 4.
            var (depth, calls) = Measure(mode.Layout.Children, startDepth: 4);
            foreach (var (macro, callDepth) in calls)
            {
                depth = Math.Max(depth, callDepth + MacroHeight(macro, heights, limits));
            }

            // style / citation / sort / key: a sort key's macro children sit at depth 5.
            foreach (var key in mode.Sort)
            {
                if (key.Macro is not null)
                {
                    depth = Math.Max(depth, 4 + MacroHeight(key.Macro, heights, limits));
                }
            }

            if (depth > limits.MaxElementDepth)
            {
                throw TooDeep(limits, " once its macros are expanded");
            }
        }
    }

    private sealed class Frame(MacroElement macro, int ownHeight, List<(MacroElement Macro, int Depth)> calls)
    {
        public MacroElement Macro { get; } = macro;
        public List<(MacroElement Macro, int Depth)> Calls { get; } = calls;
        public int Next { get; set; }
        public int Height { get; set; } = ownHeight;
    }

    /// <summary>How many levels a macro adds where it is called, its callees included (memoised).</summary>
    private static int MacroHeight(MacroElement root, Dictionary<MacroElement, int> heights, CslLimits limits)
    {
        if (heights.TryGetValue(root, out var known))
        {
            return known;
        }

        var path = new List<Frame> { NewFrame(root) };
        while (path.Count > 0)
        {
            var frame = path[^1];
            if (frame.Next < frame.Calls.Count)
            {
                var (callee, depth) = frame.Calls[frame.Next++];
                if (heights.TryGetValue(callee, out var height))
                {
                    frame.Height = Math.Max(frame.Height, depth + height);
                    continue;
                }

                var onPath = path.FindIndex(f => ReferenceEquals(f.Macro, callee));
                if (onPath >= 0)
                {
                    var cycle = path.Skip(onPath).Select(f => f.Macro.Name).Append(callee.Name);
                    throw new FormatException("CSL macros call each other in a cycle: " + string.Join(" -> ", cycle) + ".");
                }

                if (path.Count >= limits.MaxElementDepth)
                {
                    // Every call adds a level, so a chain this long is too deep whatever the macros hold.
                    throw TooDeep(limits, $" through a chain of {path.Count + 1} macro calls from \"{root.Name}\"");
                }

                path.Add(NewFrame(callee));
                continue;
            }

            path.RemoveAt(path.Count - 1);
            if (frame.Height > limits.MaxElementDepth)
            {
                throw TooDeep(limits, $" in macro \"{frame.Macro.Name}\" once the macros it calls are expanded");
            }

            heights[frame.Macro] = frame.Height;
            if (path.Count > 0)
            {
                var caller = path[^1];
                caller.Height = Math.Max(caller.Height, caller.Calls[caller.Next - 1].Depth + frame.Height);
            }
        }

        return heights[root];
    }

    private static Frame NewFrame(MacroElement macro)
    {
        var (height, calls) = Measure(macro.Children, startDepth: 1);
        return new Frame(macro, height, calls);
    }

    /// <summary>The deepest element under <paramref name="children"/> and every macro call with its depth.</summary>
    private static (int Depth, List<(MacroElement Macro, int Depth)> Calls) Measure(IReadOnlyList<Element> children, int startDepth)
    {
        var deepest = children.Count == 0 ? 0 : startDepth;
        var calls = new List<(MacroElement, int)>();
        var pending = new Stack<(IReadOnlyList<Element> Children, int Depth)>();
        pending.Push((children, startDepth));
        while (pending.Count > 0)
        {
            var (level, depth) = pending.Pop();
            foreach (var element in level)
            {
                deepest = Math.Max(deepest, depth);
                switch (element)
                {
                    case TextElement { Macro: { } macro }:
                        calls.Add((macro, depth));
                        break;
                    case GroupElement group:
                        pending.Push((group.Children, depth + 1));
                        break;
                    case ChooseElement choose:
                        foreach (var branch in choose.Branches)
                        {
                            // cs:choose / cs:if / children
                            pending.Push((branch.Children, depth + 2));
                        }

                        break;
                    case NamesElement { Substitute: { } substitute }:
                        pending.Push((substitute, depth + 2));
                        break;
                }
            }
        }

        return (deepest, calls);
    }

    private static FormatException TooDeep(CslLimits limits, string where) =>
        new($"The CSL style nests elements deeper than the limit of {limits.MaxElementDepth}{where}.");
}
