// `npx cdk synth|deploy` runs this (infra/cdk.json). Context values: docs/deploy.md.
import { App } from "aws-cdk-lib";

import { buildDeployment } from "../src/app";

const app = new App();
buildDeployment(app);
app.synth();
