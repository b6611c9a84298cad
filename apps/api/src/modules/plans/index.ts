// The public entry of the plans module: what other modules may use (docs/architecture.md, CONTRIBUTING.md).
// Other modules import '../plans', never a file inside it; files inside the module import each other directly.
export { CreatePlanDto } from './dto/plan.dto';
export { PLAN_KINDS, VALIDITY_FROM } from './entities/plan.entity';
export type { PlanKind, ValidityFrom } from './entities/plan.entity';
export { PlansModule } from './plans.module';
export { PlansService } from './plans.service';
export type { PlanSnapshot } from './plans.service';
