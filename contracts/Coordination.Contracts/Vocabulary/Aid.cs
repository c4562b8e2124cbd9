namespace Coordination.Contracts;

public enum GrantorKind { Department = 1, Enterprise = 2 }

/// <summary>Who granted aid: a department ("industry", "education", "medical") or an enterprise (its credit code).</summary>
public sealed record Grantor(GrantorKind Kind, string Code, string Name);

/// <summary>The categories in which a household can lack help; pledges target them too.</summary>
public enum NeedCategory { Education = 1, Medical = 2, Industry = 3, Housing = 4, Living = 5 }
