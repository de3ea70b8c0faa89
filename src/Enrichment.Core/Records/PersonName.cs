using System.Collections.Immutable;

namespace Enrichment.Core.Records;

/// <summary>A CSL name: a person split into parts, or an institution as one <see cref="Literal"/>.</summary>
public sealed record PersonName
{
    public string? Family { get; init; }
    public string? Given { get; init; }
    public string? DroppingParticle { get; init; }
    public string? NonDroppingParticle { get; init; }
    public string? Suffix { get; init; }

    /// <summary>An institutional or otherwise unsplittable name, kept whole.</summary>
    public string? Literal { get; init; }

    /// <summary>An ORCID iD as a URL (<c>https://orcid.org/0000-...</c>), when known.</summary>
    public string? Orcid { get; init; }

    public ImmutableArray<string> Affiliations { get; init; } = [];

    /// <summary>Set on the marker BibTeX writes as <c>and others</c>: the list was cut short.</summary>
    public bool IsOthers { get; init; }

    public static PersonName Others { get; } = new() { Literal = "others", IsOthers = true };

    public bool IsInstitution => Literal is not null && Family is null;

    /// <summary>The family name with its non-dropping particle, as sorting and matching use it.</summary>
    public string FamilyWithParticle => NonDroppingParticle is null
        ? Family ?? Literal ?? ""
        : $"{NonDroppingParticle} {Family}";

    public bool Equals(PersonName? other) =>
        other is not null
        && Family == other.Family && Given == other.Given
        && DroppingParticle == other.DroppingParticle && NonDroppingParticle == other.NonDroppingParticle
        && Suffix == other.Suffix && Literal == other.Literal && Orcid == other.Orcid
        && IsOthers == other.IsOthers && Affiliations.SequenceEqual(other.Affiliations);

    public override int GetHashCode() => HashCode.Combine(Family, Given, Literal);

    public override string ToString() => Literal ?? string.Join(' ',
        new[] { Given, DroppingParticle, NonDroppingParticle, Family, Suffix }.Where(p => !string.IsNullOrEmpty(p)));
}
