import { parse, derivative } from 'mathjs';
for (const [e, v] of [['b1*(1-exp(-b2*x))','b2'], ['(b1/b2)*exp(-0.5*((x-b3)/b2)^2)','b2'], ['b1*(b2+x)^(-1/b3)','b3'], ['b1*x^b2','b2']] as const)
  console.log(derivative(parse(e), v, { simplify: false }).toString());
