import Fluent
import Vapor

/// `cchc demo`: migrate and load the Sóc Trăng demo registry and accounts into an empty database.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Nạp dữ liệu mẫu (tỉnh Sóc Trăng) vào cơ sở dữ liệu trống." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        if try await DemoData.loadIfEmpty(on: app.db, config: app.config, now: app.clock.now()) {
            let plans = try await DemoPlans.loadIfNone(app: app)
            var cityPlan = false
            if app.config.demoRestructuring {
                try await DemoRestructuring.applyIfNone(app: app)
                cityPlan = try await DemoPlans.loadCityPlanIfNone(app: app)
            }
            context.console.print("Đã nạp dữ liệu mẫu (\(plans + (cityPlan ? 1 : 0)) kế hoạch). Đăng nhập: admin / \(app.config.demoAdminPassword)")
        } else {
            context.console.print("Cơ sở dữ liệu đã có đơn vị; không nạp dữ liệu mẫu.")
        }
    }
}
