namespace Coordination.Industry.Domain;

public enum FundSource
{
    CentralFiscal = 1, LocalFiscal = 2, PairingAssistance = 3, Enterprise = 4, Loan = 5, HouseholdContribution = 6, Other = 7,
}
