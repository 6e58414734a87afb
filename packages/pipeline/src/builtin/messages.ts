/** Why the phone stages cannot run on a model. */
export function noPhoneHead(model: string): string {
  return `the model in ${model} has no phone posteriors head (outputs.phoneLogprobs in model.json)`;
}
