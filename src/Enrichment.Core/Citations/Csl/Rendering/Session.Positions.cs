using Enrichment.Core.Records;

namespace Enrichment.Core.Citations.Csl.Rendering;

/// <summary>Cite positions (first, subsequent, ibid, near-note) over a document's citations.</summary>
internal sealed partial class Session
{
    /// <summary>Sets first/subsequent/ibid/near-note on the cites of a document's citations, in order.</summary>
    public void AssignPositions(IReadOnlyList<(IReadOnlyList<Reference> Refs, IReadOnlyList<CiteInfo> Cites, int NoteIndex)> citations)
    {
        var nearNoteDistance = _e.Style.Citation?.IntOption("near-note-distance", 5) ?? 5;
        var firstNote = new Dictionary<string, int>(StringComparer.Ordinal);
        var lastNote = new Dictionary<string, int>(StringComparer.Ordinal);
        // Ibid looks back to the previous note as a whole (all its citations), or for in-text citations
        // (note 0) to the previous in-text citation.
        var currentNote = -1;
        var currentNoteRefs = new List<Reference>();
        CiteInfo? currentNoteLast = null;
        List<Reference>? previousNoteRefs = null;
        CiteInfo? previousNoteLast = null;
        IReadOnlyList<Reference>? previousInText = null;
        CiteInfo? previousInTextLast = null;
        foreach (var (refs, cites, note) in citations)
        {
            IReadOnlyList<Reference>? previousCitation;
            CiteInfo? previousCite;
            if (note > 0)
            {
                if (note != currentNote)
                {
                    if (currentNoteRefs.Count > 0)
                    {
                        previousNoteRefs = currentNoteRefs;
                        previousNoteLast = currentNoteLast;
                    }

                    currentNote = note;
                    currentNoteRefs = [];
                    currentNoteLast = null;
                }

                previousCitation = currentNoteRefs.Count > 0 ? currentNoteRefs : previousNoteRefs;
                previousCite = currentNoteRefs.Count > 0 ? currentNoteLast : previousNoteLast;
            }
            else
            {
                previousCitation = previousInText;
                previousCite = previousInTextLast;
            }

            string? previousId = null;
            for (var i = 0; i < refs.Count; i++)
            {
                var id = refs[i].Id;
                var cite = cites[i];
                if (!firstNote.TryGetValue(id, out var first))
                {
                    cite.Position = 0;
                    firstNote[id] = note;
                }
                else
                {
                    cite.FirstReferenceNoteNumber = first;
                    var sameAsPrevious = i > 0
                        ? previousId == id
                        : previousCitation is not null && AllSame(previousCitation, id);
                    if (sameAsPrevious && previousCite is not null)
                    {
                        if (cite.Locator is null)
                        {
                            cite.Position = previousCite.Locator is null ? 2 : 1;
                        }
                        else
                        {
                            cite.Position = cite.Locator == previousCite.Locator && cite.Label == previousCite.Label ? 2 : 3;
                        }
                    }
                    else
                    {
                        cite.Position = 1;
                    }

                    cite.NearNote = lastNote.TryGetValue(id, out var last) && note - last <= nearNoteDistance;
                }

                lastNote[id] = note;
                previousId = id;
                previousCite = cite;
            }

            if (note > 0)
            {
                currentNoteRefs.AddRange(refs);
                currentNoteLast = cites.Count > 0 ? cites[^1] : currentNoteLast;
            }
            else
            {
                previousInText = refs;
                previousInTextLast = cites.Count > 0 ? cites[^1] : previousInTextLast;
            }
        }
    }

    private static bool AllSame(IReadOnlyList<Reference> citation, string id)
    {
        foreach (var r in citation)
        {
            if (r.Id != id)
            {
                return false;
            }
        }

        return citation.Count > 0;
    }
}
