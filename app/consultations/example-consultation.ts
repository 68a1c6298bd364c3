// A synthetic consultation (invented for this app; no real patient) for trying the app out.
export const EXAMPLE_CONSULTATION = `Doctor: Good morning, what brings you in today?
Patient: I've had a bad cough for about ten days now, and since Sunday I've been getting short of breath when I climb the stairs.
Doctor: Are you bringing anything up when you cough?
Patient: Yes, thick green phlegm, mostly in the mornings.
Doctor: Any fever or chills?
Patient: I had a fever of 38.6 on Monday night and I've been sweating at night.
Doctor: Any chest pain?
Patient: It hurts on the right side of my chest when I take a deep breath or cough.
Doctor: Do you have any medical conditions?
Patient: I have type 2 diabetes and high blood pressure.
Doctor: What medications are you taking?
Patient: Metformin 1000 mg twice a day and lisinopril 10 mg once a day.
Doctor: Any allergies to medicines?
Patient: Penicillin gives me a rash.
Doctor: Do you smoke?
Patient: I quit smoking five years ago. I smoked for twenty years before that.
Doctor: Let me examine you. Your temperature is 38.2, heart rate 104, blood pressure 132/84, and oxygen saturation 93 percent on room air.
Doctor: I can hear crackles at the right lung base, and there is dullness to percussion on the right side.
Doctor: Your throat looks normal and your calves are soft and not tender.
Doctor: I think this is most likely a community-acquired pneumonia in the right lower lobe.
Doctor: Because of your penicillin allergy I'm going to prescribe doxycycline 100 mg twice a day for seven days.
Doctor: I'd like a chest X-ray today and blood tests including a full blood count and CRP.
Doctor: Keep taking your metformin, drink plenty of fluids and check your blood sugar more often while you're unwell.
Doctor: Come back in 48 hours so I can check on you, or sooner if you're getting more breathless.
Doctor: If you have trouble breathing, chest pain that gets worse, or confusion, go to the emergency department straight away.
Patient: Okay, thank you doctor.
`;
