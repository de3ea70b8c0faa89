namespace Enrichment.Testing;

/// <summary>
/// Works written for tests that Crossref marks as updated: a retracted work (notices from the publisher and from
/// Retraction Watch, and an earlier correction), its retraction notice (<c>update-to</c>), a withdrawn work, one
/// under an expression of concern and a corrected one. Shaped as <c>/works/{doi}</c> answers.
/// </summary>
public static class UpdatedWorks
{
    public const string RetractedDoi = "10.5555/updates-test.retracted";
    public const string NoticeDoi = "10.5555/updates-test.retraction-notice";
    public const string CorrectionDoi = "10.5555/updates-test.correction-notice";
    public const string WithdrawnDoi = "10.5555/updates-test.withdrawn";
    public const string ConcernDoi = "10.5555/updates-test.concern";
    public const string CorrectedDoi = "10.5555/updates-test.corrected";

    /// <summary>The Retraction Watch record of the retraction.</summary>
    public const string RetractionWatchRecord = "40123";

    public static string Retracted { get; } = Work(RetractedDoi, "A finding that did not hold", """
        "updated-by": [
          {"DOI": "10.5555/updates-test.correction-notice", "type": "correction", "label": "Correction", "source": "publisher",
           "updated": {"date-parts": [[2019, 6, 2]], "date-time": "2019-06-02T00:00:00Z", "timestamp": 1559433600000}},
          {"DOI": "10.5555/updates-test.retraction-notice", "type": "retraction", "label": "Retraction", "source": "publisher",
           "updated": {"date-parts": [[2021, 1, 14]], "date-time": "2021-01-14T00:00:00Z", "timestamp": 1610582400000}},
          {"DOI": "10.5555/updates-test.retraction-notice", "type": "retraction", "label": "Retraction", "source": "retraction-watch",
           "updated": {"date-parts": [[2021, 1, 15]], "date-time": "2021-01-15T00:00:00Z", "timestamp": 1610668800000}, "record-id": "40123"}
        ],
        "update-policy": "https://doi.org/10.5555/updates-test.policy"
        """);

    public static string Notice { get; } = Work(NoticeDoi, "Retraction notice to: A finding that did not hold", """
        "update-to": [
          {"DOI": "10.5555/updates-test.retracted", "type": "retraction", "label": "Retraction", "source": "publisher",
           "updated": {"date-parts": [[2021, 1, 14]], "date-time": "2021-01-14T00:00:00Z", "timestamp": 1610582400000}}
        ]
        """);

    public static string Withdrawn { get; } = Work(WithdrawnDoi, "A paper taken back", """
        "updated-by": [{"DOI": "10.5555/updates-test.withdrawal-notice", "type": "withdrawal", "label": "Withdrawal", "source": "publisher",
                        "updated": {"date-parts": [[2022, 3, 1]]}}]
        """);

    public static string Concern { get; } = Work(ConcernDoi, "A paper in doubt", """
        "updated-by": [{"DOI": "10.5555/updates-test.concern-notice", "type": "expression_of_concern", "label": "Expression of concern",
                        "source": "retraction-watch", "updated": {"date-parts": [[2023, 9, 30]]}, "record-id": "51234"}]
        """);

    public static string Corrected { get; } = Work(CorrectedDoi, "A paper put right", """
        "updated-by": [{"DOI": "10.5555/updates-test.erratum", "type": "erratum", "label": "Erratum", "source": "publisher",
                        "updated": {"date-parts": [[2020, 2]]}}]
        """);

    public static IReadOnlyList<string> All { get; } = [Retracted, Notice, Withdrawn, Concern, Corrected];

    /// <summary>A BibTeX file citing every one of them, and one work without updates (<see cref="GeneratedWorks"/> number <paramref name="plain"/>).</summary>
    public static string BibTex(int plain) =>
        Entry("retracted", "A finding that did not hold", RetractedDoi)
        + Entry("notice", "Retraction notice", NoticeDoi)
        + Entry("withdrawn", "A paper taken back", WithdrawnDoi)
        + Entry("concern", "A paper in doubt", ConcernDoi)
        + Entry("corrected", "A paper put right", CorrectedDoi)
        + GeneratedWorks.BibTex([plain]);

    private static string Entry(string key, string title, string doi) =>
        "@article{" + key + ", author = {Ash, Ann}, title = {" + title + "}, journal = {Journal of Tests}, year = 2019, doi = {" + doi + "}}\n\n";

    private static string Work(string doi, string title, string updates) =>
        "{\"status\": \"ok\", \"message-type\": \"work\", \"message\": {"
        + "\"DOI\": \"" + doi + "\", \"type\": \"journal-article\", \"title\": [\"" + title + "\"], \"container-title\": [\"Journal of Tests\"],"
        + "\"author\": [{\"given\": \"Ann\", \"family\": \"Ash\", \"sequence\": \"first\", \"affiliation\": []}],"
        + "\"issued\": {\"date-parts\": [[2019, 3]]}, "
        + updates + "}}";
}
