namespace Enrichment.Core.Agencies;

/// <summary>Who answered for a DOI: Crossref, DataCite, or the DOI resolver's content negotiation (any other agency).</summary>
public enum RegistrationAgency
{
    /// <summary>Crossref's REST API (<c>/works/{doi}</c>).</summary>
    Crossref,

    /// <summary>DataCite's REST API (<c>/dois/{doi}</c>).</summary>
    DataCite,

    /// <summary>
    /// The DOI resolver (doi.org) by content negotiation for CSL-JSON: mEDRA, JaLC, KISTI, CNKI and any agency that
    /// has no API of its own here.
    /// </summary>
    DoiResolver,
}

/// <summary>The names an agency goes by in tables, JSON and provenance: spelled here only.</summary>
public static class AgencyNames
{
    public const string Crossref = "crossref";
    public const string DataCite = "datacite";
    public const string DoiResolver = "doi.org";

    public static string Of(RegistrationAgency agency) => agency switch
    {
        RegistrationAgency.DataCite => DataCite,
        RegistrationAgency.DoiResolver => DoiResolver,
        _ => Crossref,
    };

    public static bool TryParse(string? name, out RegistrationAgency agency)
    {
        (var known, agency) = name switch
        {
            Crossref => (true, RegistrationAgency.Crossref),
            DataCite => (true, RegistrationAgency.DataCite),
            DoiResolver => (true, RegistrationAgency.DoiResolver),
            _ => (false, RegistrationAgency.Crossref),
        };
        return known;
    }
}
