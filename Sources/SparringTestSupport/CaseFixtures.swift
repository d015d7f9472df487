import Foundation
import SparringDomain
import SparringStorage

/// Deals with cases behind them, for tests of tactic evidence: a deal in the org's team with the
/// given obstacles and one plan (applying the tactics, chosen or not), closed as won or lost or left
/// open.
public enum CaseFixtures {
    public static func deal(
        _ org: Fixtures.Org, in tenant: Tenant, title: String, status: DealStatus?, obstacles: [UUID], tactics: [UUID],
        chosen: Bool,
        at time: Date
    ) async throws -> Deal {
        let stages = try await tenant.pipelines.all()[0].stages
        func stage(_ key: String) -> UUID { stages.first { $0.key == key }!.id }
        let customer = try await tenant.deals.customer(named: "Kunde \(title)")
        var deal = try await tenant.deals.create(
            NewDeal(
                customerID: customer, ownerID: org.seller.id, teamID: org.team.id, stageID: stage("proposal"),
                title: title, amountMinor: 10_000_000, currency: "NOK", expectedClose: nil),
            by: org.seller.id, origin: .manual, at: time)
        let work = tenant.dealCase(deal.id)
        for category in obstacles {
            _ = try await work.addObstacle(categoryID: category, detail: "", by: org.seller.id, at: time)
        }
        let plan = try await work.createPlan(
            PlanText(title: "Plan", approach: "Approach"), tacticIDs: tactics, by: org.seller.id, at: time)
        if chosen {
            try await work.choosePlan(
                plan.id, expectedVersion: 1, nextStep: "Next", ownerID: org.seller.id, dueOn: Day(time, in: .gmt),
                by: org.leader.id, at: time)
        }
        if let status {
            deal = try await tenant.deals.moveStage(
                deal.id, to: stage(status == .won ? "won" : "lost"), expectedVersion: deal.version, by: org.seller.id,
                origin: .manual, at: time + 60, closeReason: "Reason")
        }
        return deal
    }
}
